// The goal templates: one catalog the CLI (`setpoint new`) and the form ("Start from a template") both read.
// Each builds a goal a person can apply at once from what the repository says of itself (RepositoryFacts):
// its layers (parsers that exist), targets, protected paths and stop conditions. Pure and browser-safe.
import { TemplateError } from "./template-error";
export { TemplateError };
import { API_VERSION, type EXECUTORS } from "../spec/goal-spec";
import { SUGGESTED_PROTECT } from "../spec/protect-spec";
import type { RepositoryFacts } from "./repository-facts";

export type TemplateOptions = {
  repo: string; // as the goal names it (an absolute path)
  name?: string;
  intent?: string; // no-regression: the change to make
  coverage?: number; // raise-coverage: the line coverage to reach, in percent (default 80)
  bench?: string; // no-regression: the benchmark command (default: the bench script)
  max?: number; // no-regression: the bound the benchmark's number must stay at or under
  executor?: (typeof EXECUTORS)[number]; // the maker (default claude-code)
};

// notes: said above the YAML as comments (what was read, what to check before applying).
export type TemplateResult = { manifest: Record<string, unknown>; notes: string[] };

type Layer = Record<string, unknown>;
type Target = { metric: string; target: string };
type Template = { title: string; summary: string; build: (facts: RepositoryFacts, options: TemplateOptions) => TemplateResult };

export const TEMPLATES = {
  "fix-tests": {
    title: "Fix the failing tests",
    summary: "Make the test script pass without touching the tests.",
    build: (facts, options) => {
      const tests = testLayer(facts, true)!;
      return goal("fix-tests", facts, options, {
        intent: "Make the failing tests pass. Change the code under test, never the tests or their configuration.",
        layers: [tests.layer],
        targets: [tests.target],
        protect: protectFor(facts, { tests: true }),
      });
    },
  },
  "raise-coverage": {
    title: "Raise test coverage",
    summary: "Add tests until line coverage reaches a percentage (--coverage, default 80), every test still passing.",
    build: (facts, options) => {
      const percent = options.coverage ?? 80;
      if (!(percent > 0 && percent <= 100)) throw new TemplateError(`--coverage must be a percentage between 0 and 100, not ${percent}`);
      const tests = testLayer(facts, true)!;
      const run = facts.scripts.coverage ? script(facts, "coverage") : `npx --no-install c8 --reporter=text-summary ${script(facts, "test")}`;
      // c8's and nyc's text summary ("Lines : 85.7%"), istanbul's and node --test's table ("All files | 85.7 | ...").
      const coverage = { name: "coverage", run, parse: "regex", pattern: "(?:Lines\\s*:\\s*|[Aa]ll files\\s*\\|\\s*)(?<lines>[\\d.]+)", timeoutSeconds: 600 };
      return goal("raise-coverage", facts, options, {
        intent: `Raise line coverage to at least ${percent}% by adding meaningful tests for untested code. Keep every test passing and do not change what the code does.`,
        layers: [tests.layer, coverage],
        targets: [tests.target, { metric: "coverage.lines", target: `>= ${percent}` }],
        // The agent writes tests here: the test folders stay open, the configuration that measures coverage does not.
        protect: protectFor(facts, { tests: false }),
        notes: facts.scripts.coverage ? [] : ["no scripts.coverage: the coverage layer runs c8 over the test script (install it as a dev dependency)"],
      });
    },
  },
  "clear-lint": {
    title: "Clear the linter",
    summary: "Make the lint script pass, tests still passing, without loosening the linter's configuration.",
    build: (facts, options) => {
      const lint = { name: "lint", run: facts.scripts.lint ? script(facts, "lint") : "npx --no-install eslint .", parse: "exit-code" };
      return goal("clear-lint", facts, options, {
        intent: "Fix every problem the linter reports by changing the code, never the linter's configuration or its disable comments.",
        ...thenTests(facts, lint),
        protect: protectFor(facts, { tests: true }),
        notes: facts.scripts.lint ? [] : ["no scripts.lint: the lint layer runs eslint"],
      });
    },
  },
  "type-check": {
    title: "Pass the type check",
    summary: "Make the TypeScript compiler report no errors, tests still passing, tsconfig.json unchanged.",
    build: (facts, options) => {
      if (!facts.typescript) throw new TemplateError("type-check needs a tsconfig.json at the repository's top folder, and there is none");
      const named = ["typecheck", "type-check", "tsc"].find((name) => facts.scripts[name]);
      const types = { name: "types", run: named ? script(facts, named) : "npx --no-install tsc --noEmit -p .", parse: "exit-code", timeoutSeconds: 600 };
      return goal("type-check", facts, options, {
        intent: "Fix every error the TypeScript compiler reports by changing the code: no `any` casts, `@ts-ignore` or `@ts-expect-error` to silence it.",
        ...thenTests(facts, types),
        protect: [...protectFor(facts, { tests: true }), "tsconfig*.json"],
      });
    },
  },
  "no-regression": {
    title: "Change without a slowdown",
    summary: "Make a change (--intent) while a benchmark's number stays within 5% of the baseline's (or under --max), tests passing.",
    build: (facts, options) => {
      if (!options.intent?.trim()) throw new TemplateError("no-regression needs --intent: the change to make while the benchmark holds");
      const bench = options.bench ?? (facts.scripts.bench ? script(facts, "bench") : null);
      if (!bench) throw new TemplateError("no-regression needs a benchmark: --bench COMMAND, or a bench script in package.json");
      if (options.max !== undefined && !Number.isFinite(options.max))
        throw new TemplateError("no-regression's --max must be a number: the bound the benchmark's number must stay at or under");
      // Within 5% of what the run's baseline measured, unless a fixed bound is given.
      const bound = options.max === undefined ? "<= baseline * 1.05" : `<= ${options.max}`;
      const said = options.max === undefined ? "within 5% of what it measured before the change" : `at or under ${options.max}`;
      const tests = testLayer(facts, false);
      // The last number the benchmark prints is its value (a regex layer's last match wins).
      const layer = { name: "bench", run: bench, parse: "regex", pattern: "(?<value>-?\\d+(?:\\.\\d+)?)", timeoutSeconds: 600 };
      return goal("no-regression", facts, options, {
        intent: `${options.intent.trim()}\n\nKeep the benchmark (${bench}) ${said}: its last printed number is measured after every change.`,
        layers: [...(tests ? [tests.layer] : []), layer],
        targets: [...(tests ? [tests.target] : []), { metric: "bench.value", target: bound }],
        protect: [...protectFor(facts, { tests: true }), "bench/**", "benchmarks/**"],
        notes: [
          options.max === undefined
            ? "bench.value <= baseline * 1.05: lower numbers are better; the baseline is the repository before the change"
            : `bench.value <= ${options.max} is a fixed bound; without --max it is 'baseline * 1.05'`,
        ],
      });
    },
  },
} as const satisfies Record<string, Template>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

export function buildFromTemplate(name: string, facts: RepositoryFacts, options: TemplateOptions): TemplateResult {
  if (!isTemplateName(name)) throw new TemplateError(`no template '${name}'; the templates are ${TEMPLATE_NAMES.join(", ")}`);
  const built = TEMPLATES[name].build(facts, options);
  return { ...built, notes: [`setpoint template ${name}: ${TEMPLATES[name].summary}`, ...built.notes] };
}

// "# "-prefixed notes above the manifest's YAML.
export function withNotes(yaml: string, result: TemplateResult): string {
  return [...result.notes.map((note) => `# ${note}`), yaml].join("\n");
}

function goal(
  template: string,
  facts: RepositoryFacts,
  options: TemplateOptions,
  parts: { intent: string; layers: Layer[]; targets: Target[]; protect: string[]; notes?: string[] },
): TemplateResult {
  const name = options.name ?? defaultName(template, options.repo);
  const setup = installCommand(facts);
  const manifest = {
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name, labels: { template } },
    spec: {
      intent: parts.intent,
      workspace: { repo: options.repo, ...(setup ? { setup } : {}) },
      agent: { executor: options.executor ?? "claude-code" },
      metrics: parts.targets,
      evaluation: { layers: parts.layers, protect: [...new Set(parts.protect)] },
      stop: { maxIterations: 10, maxDurationMinutes: 120, stallIterations: 3, onRegression: "revert" },
    },
  };
  const read = `read from ${options.repo}: ${facts.packageManager}${facts.lockfile ? ` (${facts.lockfile})` : " (no lockfile)"}, scripts: ${Object.keys(facts.scripts).join(", ") || "none"}${facts.typescript ? ", tsconfig.json" : ""}`;
  return { manifest, notes: [read, ...(parts.notes ?? [])] };
}

function testLayer(facts: RepositoryFacts, required: boolean): { layer: Layer; target: Target } | null {
  if (!facts.scripts.test) {
    if (required) throw new TemplateError("the repository's package.json has no scripts.test: the template needs a test command");
    return null;
  }
  return { layer: { name: "tests", run: script(facts, "test"), parse: "exit-code", timeoutSeconds: 600 }, target: { metric: "tests.ok", target: "== 1" } };
}

// An exit-code layer that must pass (its `ok == 1`), then the tests when the repository has a test script.
function thenTests(facts: RepositoryFacts, layer: Layer & { name: string }): { layers: Layer[]; targets: Target[] } {
  const tests = testLayer(facts, false);
  return { layers: [layer, ...(tests ? [tests.layer] : [])], targets: [{ metric: `${layer.name}.ok`, target: "== 1" }, ...(tests ? [tests.target] : [])] };
}

// `npm test`, `pnpm run lint`, `bun run test` (bare `bun test` is Bun's own runner, not the script).
function script(facts: RepositoryFacts, name: string): string {
  return facts.packageManager === "npm" && name === "test" ? "npm test" : `${facts.packageManager} run ${name}`;
}

function installCommand(facts: RepositoryFacts): string | null {
  if (!facts.lockfile) return null; // nothing pinned to install from; add a setup command if it needs one
  return { npm: "npm ci", pnpm: "pnpm install --frozen-lockfile", yarn: "yarn install --frozen-lockfile", bun: "bun install --frozen-lockfile" }[
    facts.packageManager
  ];
}

// The usual harness paths (evaluation.protect's suggestion), the lockfile the repository uses, and the test
// folders unless the agent is to write tests.
function protectFor(facts: RepositoryFacts, { tests }: { tests: boolean }): string[] {
  const testGlobs = new Set(["test/**", "tests/**", "__tests__/**"]);
  const usual = SUGGESTED_PROTECT.filter((glob) => glob !== "package-lock.json" && (tests || !testGlobs.has(glob)));
  return [...usual, ...(facts.lockfile ? [facts.lockfile] : [])];
}

function defaultName(template: string, repo: string): string {
  const base = repo
    .replace(/[/\\]+$/, "")
    .split(/[/\\]/)
    .pop()!
    .replace(/\.git$/, "");
  const label = `${template}-${base}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
  return label || template;
}
