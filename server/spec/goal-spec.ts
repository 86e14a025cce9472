// The one schema for a Goal. The YAML parser, the tRPC input, the web form, the CLI and the
// runner all validate with it; every TypeScript type of a goal is inferred from it.
import { z } from "zod";
import { parseTarget, TARGET_GRAMMAR } from "./metric-target";
import { scheduleProblem } from "../resync/resync-schedule";
import { list, manifestSizeProblem, mapping, SPEC_LIMITS, text } from "./spec-limits";
import { githubRepository, REPOSITORY_FORMAT } from "../pull-requests/github-repository";
import { contextCommandSchema, contextSchema } from "./context-spec";
import { hiddenChecksSchema } from "./hidden-checks-spec";
import { PROTECT_METRIC_LAYER, protectSchema } from "./protect-spec";
import { DEFAULT_PARSER, PARSERS } from "../evaluation/parse-catalog";
import { EXECUTOR_CATALOG, EXECUTORS } from "../executors/executor-catalog";
import { candidateExecutorProblem, strategySchema, type CandidateExecutor } from "./strategy-spec";

export const API_VERSION = "setpoint.dev/v1";
export { EXECUTORS } from "../executors/executor-catalog";
export { PARSERS } from "../evaluation/parse-catalog";
export const APPROVAL_POLICIES = ["never", "on-converge", "every-iteration"] as const;
export const APPROVAL_TIMEOUT_ACTIONS = ["reject", "fail"] as const;
export const NOTIFY_EVENTS = ["AwaitingApproval", "Converged", "Stalled", "Exhausted", "Failed", "Drifted", "BudgetWarning"] as const;
export const SANDBOXES = ["none", "bwrap"] as const;
// What a CLI agent may do: edit files only, or edit and run commands. Each executor maps it to its CLI's own flags.
export const AGENT_PERMISSIONS = ["edit", "full"] as const;

export const envName = text(SPEC_LIMITS.nameChars).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

// The runner's own credentials: no goal's commands see them, whatever env.pass says.
export const RUNNER_CREDENTIALS = ["DATABASE_URL", "SETPOINT_TOKEN", "SETPOINT_SECRET_KEY", "SETPOINT_SIGNING_KEY", "SETPOINT_TEST_PG_URL"];
const passableName = envName.refine((name) => !RUNNER_CREDENTIALS.includes(name), "is one of Setpoint's own credentials, which a goal's commands never see");

// A goal's name, also what the API and the pages accept as one.
export const dnsLabel = z
  .string()
  .min(1, "must not be empty")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase DNS label: a-z, 0-9 and '-', starting and ending with a letter or digit");

const layerName = text(63).regex(/^[a-z][a-z0-9_-]*$/, "must start with a lowercase letter and hold only a-z, 0-9, '_' and '-'");

const metricName = text(SPEC_LIMITS.nameChars).regex(/^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_.]*$/, "must be '<layer>.<metric>', e.g. 'tests.pass_ratio'");

const seconds = (fallback: number) => z.number().int().positive().max(86_400).default(fallback);

export const agentSchema = z
  .strictObject({
    executor: z.enum(EXECUTORS, { error: `must be one of: ${EXECUTORS.join(", ")}` }),
    command: text(SPEC_LIMITS.commandChars).min(1).optional(),
    model: text().min(1).optional(),
    args: list(text(), SPEC_LIMITS.args, "arguments").default([]),
    timeoutSeconds: seconds(600),
    env: mapping(envName, text(SPEC_LIMITS.envValueChars), SPEC_LIMITS.envVars, "variables").default({}),
    // The provider's API address: a gateway (LiteLLM, OpenRouter, a company proxy) or a local model server.
    baseUrl: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://gateway.example.com or http://127.0.0.1:4000" })
      .max(SPEC_LIMITS.textChars, `must be at most ${SPEC_LIMITS.textChars.toLocaleString("en")} characters`)
      .optional(),
    permissions: z.enum(AGENT_PERMISSIONS, { error: `must be one of: ${AGENT_PERMISSIONS.join(", ")}` }).default("edit"),
  })
  .superRefine((agent, ctx) => {
    const entry = EXECUTOR_CATALOG[agent.executor];
    if (entry.commandRequired && !agent.command) {
      ctx.addIssue({ code: "custom", path: ["command"], message: `is required when executor is '${agent.executor}'` });
    }
    if (entry.modelRequired && !agent.model) {
      ctx.addIssue({ code: "custom", path: ["model"], message: `is required when executor is '${agent.executor}' ${entry.modelRequired}` });
    }
  });

const runLayer = z.strictObject({
  name: layerName,
  run: text(SPEC_LIMITS.commandChars).min(1, "must be a shell command"),
  parse: z.enum(PARSERS, { error: `must be one of: ${PARSERS.join(", ")}` }).default(DEFAULT_PARSER),
  // regex: named groups become metrics; json: metric name -> dotted field path in the output.
  pattern: text().optional(),
  fields: mapping(text(SPEC_LIMITS.nameChars), text(), SPEC_LIMITS.fields, "fields").optional(),
  timeoutSeconds: seconds(300),
  // Checks the agent never sees: copied in for this layer only, after the agent finished (server/evaluation/hidden-checks.ts).
  hidden: hiddenChecksSchema.optional(),
});

const policyLayer = z.strictObject({
  name: layerName,
  policy: z.strictObject({
    forbidPaths: list(text().min(1), SPEC_LIMITS.paths, "paths").default([]),
    allowPaths: list(text().min(1), SPEC_LIMITS.paths, "paths").optional(),
    maxChangedLines: z.number().int().nonnegative().optional(),
  }),
});

const agentLayer = z.strictObject({
  name: layerName,
  agent: agentSchema,
});

// The three kinds a layer can be; the schema walk (schema-keys.ts) reads their keys from here.
export const LAYER_KINDS = { run: runLayer, policy: policyLayer, agent: agentLayer } as const;

export type RunLayer = z.infer<typeof runLayer>;
export type PolicyLayer = z.infer<typeof policyLayer>;
export type AgentLayer = z.infer<typeof agentLayer>;
export type Layer = RunLayer | PolicyLayer | AgentLayer;

// A layer is one of three kinds, told apart by its key; a union's error would list all three,
// so pick the kind first and report that kind's errors only.
export const layerSchema = z.unknown().transform((value, ctx): Layer => {
  const record = (value ?? {}) as Record<string, unknown>;
  const kinds = (["run", "policy", "agent"] as const).filter((key) => typeof record === "object" && key in record);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: "custom",
      message:
        kinds.length === 0
          ? "a layer needs one of 'run' (a command), 'policy' (checks on the diff) or 'agent' (a reviewer)"
          : `a layer has exactly one of 'run', 'policy' or 'agent', found ${kinds.join(" and ")}`,
    });
    return z.NEVER;
  }
  const schema = kinds[0] === "run" ? runLayer : kinds[0] === "policy" ? policyLayer : agentLayer;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom", path: issue.path, message: issue.message } as never);
    return z.NEVER;
  }
  return parsed.data;
});

// A converged goal's branch as a GitHub pull request (server/pull-requests): pushed, opened or
// updated, with a commit status on the converged commit. The token is a goal secret, named here.
export const pullRequestSchema = z.strictObject({
  base: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\s~^:?*[\\]+$/, "must be a branch name, e.g. 'main'")
    .default("main"),
  draft: z.boolean().default(false),
  title: z.string().trim().min(1).max(256).optional(),
  repository: z.string().max(255).regex(REPOSITORY_FORMAT, "must be 'owner/name', e.g. 'acme/app'").optional(),
  tokenSecret: envName.max(255).default("GITHUB_TOKEN"),
  // GitHub Enterprise Server: https://HOST/api/v3.
  apiUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://api.github.com or https://github.example.com/api/v3" })
    .max(SPEC_LIMITS.textChars, `must be at most ${SPEC_LIMITS.textChars.toLocaleString("en")} characters`)
    .default("https://api.github.com"),
});

const metricTargetSchema = z.strictObject({
  metric: metricName,
  target: text(200).refine((text) => parseTarget(text) !== null, `must be ${TARGET_GRAMMAR}`),
});

export const goalSpecSchema = z
  .strictObject({
    intent: z
      .string()
      .trim()
      .min(1, "must say what the agent should achieve")
      .max(
        SPEC_LIMITS.intentChars,
        `must be at most ${SPEC_LIMITS.intentChars.toLocaleString("en")} characters (64 KiB): say what to achieve here, and keep long material in the repository`,
      ),
    workspace: z.strictObject({
      repo: text().min(1, "must be a local path or a git URL"),
      ref: text().min(1).default("HEAD"),
      setup: text(SPEC_LIMITS.commandChars).min(1).optional(),
      push: z.boolean().default(false),
      pullRequest: pullRequestSchema.optional(),
    }),
    // Project knowledge in every prompt: files (capped) and a command's output (server/runner/gather-context.ts).
    context: contextSchema,
    contextCommand: contextCommandSchema,
    agent: agentSchema,
    // Best of N: several candidate agents per iteration, the best measured one kept.
    strategy: strategySchema,
    metrics: list(metricTargetSchema, SPEC_LIMITS.metrics, "target metrics").min(1, "must name at least one target metric"),
    evaluation: z.strictObject({
      layers: list(layerSchema, SPEC_LIMITS.layers, "layers").min(1, "must hold at least one layer"),
      // Paths restored to the goal's starting commit before every measurement (server/evaluation/protect-paths.ts).
      protect: protectSchema,
    }),
    stop: z
      .strictObject({
        maxIterations: z.number().int().positive().max(10_000).default(10),
        maxDurationMinutes: z.number().positive().max(525_600).default(120),
        maxCostUsd: z.number().nonnegative().optional(),
        stallIterations: z.number().int().positive().default(3),
        onRegression: z.enum(["revert", "keep"]).default("revert"),
      })
      .default({ maxIterations: 10, maxDurationMinutes: 120, stallIterations: 3, onRegression: "revert" }),
    retry: z
      .strictObject({
        maxAgentFailures: z.number().int().nonnegative().max(100).default(3),
        backoffSeconds: z.number().nonnegative().max(3600).default(5),
      })
      .default({ maxAgentFailures: 3, backoffSeconds: 5 }),
    approval: z
      .strictObject({
        policy: z.enum(APPROVAL_POLICIES, { error: `must be one of: ${APPROVAL_POLICIES.join(", ")}` }).default("never"),
        // Four eyes: whoever created or last edited the goal may not decide its gates.
        fourEyes: z.boolean().default(true),
        // Names of users or tokens who may decide; empty means anyone with the approver role.
        approvers: z.array(z.string().min(1).max(100)).max(100).default([]),
        timeoutMinutes: z.number().positive().max(525_600).optional(),
        onTimeout: z.enum(APPROVAL_TIMEOUT_ACTIONS, { error: `must be one of: ${APPROVAL_TIMEOUT_ACTIONS.join(", ")}` }).default("reject"),
      })
      .default({ policy: "never", fourEyes: true, approvers: [], onTimeout: "reject" }),
    triggers: z
      .strictObject({
        // Re-run the layers on this cron schedule once the goal has converged; a broken target is drift.
        schedule: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .superRefine((text, ctx) => {
            const problem = text === undefined ? null : scheduleProblem(text);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
          }),
        // A signed POST to /api/hooks/goals/<name> starts a new run.
        webhook: z.boolean().default(false),
      })
      .default({ webhook: false }),
    dependsOn: z.array(dnsLabel).max(100).default([]),
    notify: z
      .array(
        z.strictObject({
          url: z
            .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
            .max(SPEC_LIMITS.textChars, `must be at most ${SPEC_LIMITS.textChars.toLocaleString("en")} characters`),
          events: list(z.enum(NOTIFY_EVENTS, { error: `must be one of: ${NOTIFY_EVENTS.join(", ")}` }), 20, "events")
            .min(1)
            .default([...NOTIFY_EVENTS]),
          // A goal secret: deliveries then carry X-Setpoint-Signature (a timestamp and an HMAC).
          signingSecret: envName.max(255).optional(),
        }),
      )
      .max(20)
      .default([]),
    // Variables of the runner's environment that agent and layer commands may see (besides a small base set).
    env: z.strictObject({ pass: z.array(passableName).max(200).default([]) }).default({ pass: [] }),
    sandbox: z.enum(SANDBOXES, { error: `must be one of: ${SANDBOXES.join(", ")}` }).default("none"),
    network: z.boolean().default(true),
  })
  .superRefine((spec, ctx) => {
    if (spec.workspace.pullRequest && !githubRepository(spec.workspace)) {
      ctx.addIssue({
        code: "custom",
        path: ["workspace", "pullRequest", "repository"],
        message: `is needed: name the GitHub repository as 'owner/name', since workspace.repo (${spec.workspace.repo}) is not a URL of the form host/owner/name`,
      });
    }
    if (!spec.network && spec.sandbox !== "bwrap") {
      ctx.addIssue({ code: "custom", path: ["network"], message: "false needs sandbox: bwrap; without a sandbox, commands have the runner's network" });
    }
    const names = new Map<string, Layer>();
    spec.evaluation.layers.forEach((layer, index) => {
      if (names.has(layer.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["evaluation", "layers", index, "name"],
          message: `'${layer.name}' is used by another layer; layer names must be unique`,
        });
      }
      names.set(layer.name, layer);
      if (layer.name === PROTECT_METRIC_LAYER && spec.evaluation.protect.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["evaluation", "layers", index, "name"],
          message: `'${PROTECT_METRIC_LAYER}' names the metrics of evaluation.protect (${PROTECT_METRIC_LAYER}.violations); give this layer another name`,
        });
      }
      if ("agent" in layer && makers(spec).some((maker) => gradesItself(maker, layer.agent))) {
        ctx.addIssue({
          code: "custom",
          path: ["evaluation", "layers", index, "agent", "executor"],
          message:
            spec.strategy.executors.length > 0
              ? "the reviewer must be a different executor than every maker (agent.executor and strategy.executors): the maker never grades itself"
              : "the reviewer must be a different executor than the maker: the maker never grades itself",
        });
      }
    });
    if (spec.strategy.executors.length > spec.strategy.candidates) {
      ctx.addIssue({
        code: "custom",
        path: ["strategy", "executors"],
        message: `lists ${spec.strategy.executors.length} agents but strategy.candidates is ${spec.strategy.candidates}: the ones after the first ${spec.strategy.candidates} would never run`,
      });
    }
    spec.strategy.executors.forEach((entry, index) => {
      const problem = candidateExecutorProblem(entry, spec.agent.executor);
      if (problem) ctx.addIssue({ code: "custom", path: ["strategy", "executors", index, "executor"], message: problem });
    });
    spec.metrics.forEach((target, index) => {
      const layer = target.metric.split(".")[0];
      if (layer === PROTECT_METRIC_LAYER && spec.evaluation.protect.length > 0) return;
      if (!names.has(layer)) {
        ctx.addIssue({
          code: "custom",
          path: ["metrics", index, "metric"],
          message: `refers to layer '${layer}', which is not in evaluation.layers (${[...names.keys()].join(", ") || "none"})`,
        });
      }
    });
  });

// The goal's agent and each of strategy.executors as a candidate runs it.
function makers(spec: { agent: z.infer<typeof agentSchema>; strategy: z.infer<typeof strategySchema> }): z.infer<typeof agentSchema>[] {
  return [spec.agent, ...spec.strategy.executors.map((entry) => candidateAgentSpec(spec.agent, entry))];
}

// What a candidate runs with its entry of strategy.executors: the goal's agent settings, with the entry's own
// model, API address, executable and CLI flags. Another executor takes none of the maker's: they name its provider.
export function candidateAgentSpec(agent: z.infer<typeof agentSchema>, entry: CandidateExecutor | undefined): z.infer<typeof agentSchema> {
  if (!entry) return agent;
  const own = { model: entry.model, baseUrl: entry.baseUrl, command: entry.command, args: entry.args };
  if (entry.executor === agent.executor) return { ...agent, ...Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined)) };
  return { ...agent, executor: entry.executor, ...own, args: entry.args ?? [] };
}

// Candidate `number` (from 1)'s maker: strategy.executors round-robin, else the goal's agent. An iteration that
// runs one agent runs candidate 1's.
export function candidateMaker(
  spec: { agent: z.infer<typeof agentSchema>; strategy: z.infer<typeof strategySchema> },
  number: number,
): z.infer<typeof agentSchema> {
  const entries = spec.strategy.executors;
  return candidateAgentSpec(spec.agent, entries.length ? entries[(number - 1) % entries.length] : undefined);
}

function gradesItself(maker: z.infer<typeof agentSchema>, checker: z.infer<typeof agentSchema>): boolean {
  if (maker.executor !== checker.executor) return false;
  // An executor whose command is the agent itself is the same maker only with the same command.
  return !EXECUTOR_CATALOG[maker.executor].commandRequired || maker.command === checker.command;
}

export const goalMetadataSchema = z.strictObject({
  name: dnsLabel,
  labels: mapping(
    z.string().regex(/^[a-zA-Z0-9][-a-zA-Z0-9_./]{0,62}$/, "label keys are up to 63 letters, digits, '-', '_', '.', '/'"),
    text(SPEC_LIMITS.labelChars),
    SPEC_LIMITS.labels,
    "labels",
  ).default({}),
});

export const goalManifestSchema = z
  .strictObject({
    apiVersion: z.literal(API_VERSION, { error: `must be '${API_VERSION}'` }),
    kind: z.literal("Goal", { error: "must be 'Goal'" }),
    metadata: goalMetadataSchema,
    spec: goalSpecSchema,
  })
  // The whole goal's size, once each field is within its own bounds (those errors say more).
  .superRefine(
    (manifest, ctx) => {
      const problem = manifestSizeProblem(manifest);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    },
    { when: (payload) => payload.issues.length === 0 },
  );

export type AgentSpec = z.infer<typeof agentSchema>;
export type GoalSpec = z.infer<typeof goalSpecSchema>;
export type GoalSpecInput = z.input<typeof goalSpecSchema>;
export type GoalManifest = z.infer<typeof goalManifestSchema>;
export type GoalManifestInput = z.input<typeof goalManifestSchema>;
