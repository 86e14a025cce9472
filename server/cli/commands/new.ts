// `new TEMPLATE --repo PATH [--name NAME] [-o FILE]`: writes a goal YAML a person can apply at once, built by
// a template from the catalog (server/templates) from what the repository says of itself. Local: no server.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { manifestToYaml } from "../../spec/manifest-to-yaml";
import { EXECUTORS } from "../../spec/goal-spec";
import { readRepositoryFacts } from "../../templates/repository-facts";
import { buildFromTemplate, TEMPLATE_NAMES, TEMPLATES, TemplateError, withNotes, type TemplateOptions } from "../../templates/template-catalog";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";

type Options = { repo: string; name?: string; output?: string; coverage?: string; intent?: string; bench?: string; max?: string; executor?: string };

export function registerNew(program: Command, context: CliContext): void {
  program
    .command("new")
    .description("write a goal YAML from a template, reading the repository's package manager, scripts and tsconfig")
    .argument("<template>", TEMPLATE_NAMES.map((name) => `${name} (${TEMPLATES[name].summary})`).join("; "))
    .requiredOption("--repo <path>", "the repository's folder")
    .option("--name <name>", "the goal's name (default: <template>-<folder>)")
    .option("-o, --output <file>", "write the YAML to this file instead of standard output")
    .option("--coverage <percent>", "raise-coverage: the line coverage to reach (default 80)")
    .option("--intent <text>", "no-regression: the change to make")
    .option("--bench <command>", "no-regression: the benchmark; its last printed number is measured (default: the bench script)")
    .option("--max <number>", "no-regression: a fixed bound the benchmark's number must stay at or under (default: within 5% of the baseline's)")
    .option("--executor <executor>", `the agent (${EXECUTORS.join(", ")}; default claude-code)`)
    .action((template: string, options: Options) => {
      const repo = path.resolve(options.repo);
      if (options.executor !== undefined && !(EXECUTORS as readonly string[]).includes(options.executor))
        throw new CliError(`--executor must be one of: ${EXECUTORS.join(", ")}`);
      const built = asCliError(() =>
        buildFromTemplate(template, readRepositoryFacts(repo), {
          repo,
          name: options.name,
          intent: options.intent,
          bench: options.bench,
          executor: options.executor as TemplateOptions["executor"],
          coverage: number(options.coverage, "--coverage"),
          max: number(options.max, "--max"),
        }),
      );
      const yaml = withNotes(manifestToYaml(built.manifest), built);
      if (!options.output) {
        context.print(yaml);
        return;
      }
      fs.writeFileSync(options.output, yaml);
      context.print(`wrote ${options.output}: apply it with setpoint apply -f ${options.output}`);
    });
}

function number(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new CliError(`${flag} must be a number, not '${text}'`);
  return value;
}

function asCliError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError((error as Error).message);
    throw error;
  }
}
