// `apply -f`: validate every goal locally (nothing is sent if any is wrong), then create or update them.
import type { Command } from "commander";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { readGoalFiles } from "../read-goal-files";

export function registerApply(program: Command, context: CliContext): void {
  program
    .command("apply")
    .description("create or update goals from YAML")
    .option("-f, --filename <path>", "a YAML file, a folder of *.yaml/*.yml, or - for stdin (repeatable)", (value: string, all: string[]) => [...all, value], [] as string[])
    .option("--paused", "goals created now wait, Paused, until resumed (set their secrets first)")
    .action(async (options: { filename: string[]; paused?: boolean }) => {
      if (options.filename.length === 0) throw new CliError("apply needs -f <file|folder|->");
      const files = await readGoalFiles(options.filename);
      // The schema (zod) loads only when there is something to check.
      const { parseGoalFiles, formatSpecError } = await import("../../spec/parse-goal-yaml");
      const { absolutizeWorkspaceRepo, localRepoProblem } = await import("../absolutize-workspace-repo");
      const { goals, errors } = parseGoalFiles(files);
      if (errors.length > 0) {
        const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
        throw new CliError(`${count} in the goal YAML; nothing was applied`, 1, errors.map(formatSpecError));
      }
      const baseDirs = new Map(files.map((file) => [file.source, file.baseDir] as const));
      const manifests = goals.map((goal) => absolutizeWorkspaceRepo(goal.manifest, baseDirs.get(goal.source) ?? process.cwd()));
      const problems = manifests.map((manifest, index) => localRepoProblem(manifest, goals[index].manifest)).filter((problem) => problem !== null);
      if (problems.length > 0) throw new CliError("nothing was applied", 1, problems);
      const { results } = await (await context.api()).apply(manifests, options.paused);
      for (const result of results) context.print(`goal.setpoint.dev/${result.name} ${result.action}`);
    });
}
