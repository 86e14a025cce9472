// `get goals|goal NAME|iterations NAME|candidates NAME --iteration N`: tables by default, the whole objects with -o json|yaml.
import type { Command } from "commander";
import { PHASES } from "../../loop/types";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { formatGoalTable } from "../format/format-goal-table";
import { formatIterationTable } from "../format/format-iteration-table";
import { parseGoalName, parseIterationNumber, parseLabelSelector, parseOutputFormat } from "../parse-options";
import { shorten } from "../shorten";
import { parseResource, requireName } from "./resource-names";

type GetOptions = { selector?: string; phase?: string; output?: string; iteration?: string };

export function registerGet(program: Command, context: CliContext): void {
  program
    .command("get")
    .description(
      "list goals, show one goal, list a goal's iterations or an iteration's candidates (best of N), or list executors with how often each was caught gaming",
    )
    .argument("<resource>", "goals, iterations, candidates or executors")
    .argument("[name]", "a goal's name")
    .option("-l, --selector <key=value>", "only goals with this label")
    .option("--phase <phase>", `only goals in this phase (${PHASES.join(", ")})`)
    .option("--iteration <n>", "with candidates: the iteration whose candidates to list")
    .option("-o, --output <format>", "wide, json or yaml")
    .action(async (resource: string, name: string | undefined, options: GetOptions) => {
      const kind = parseResource(resource, ["goal", "iteration", "candidate", "executor"]);
      const output = parseOutputFormat(options.output);
      const filter = { label: parseLabelSelector(options.selector), phase: parsePhase(options.phase) };
      if (options.iteration !== undefined && kind !== "candidate") throw new CliError("--iteration goes with get candidates NAME --iteration N");
      if (kind === "candidate") requireName(name, "setpoint get candidates NAME --iteration N");
      const iteration = kind === "candidate" ? parseIterationNumber(options.iteration) : undefined;
      if (name !== undefined) await parseGoalName(name);
      const api = await context.api();
      const { formatObject } = await import("../format/format-object");
      if (kind === "executor") {
        const executors = await api.executors();
        if (output === "json" || output === "yaml") context.print(formatObject(executors, output));
        else if (executors.length === 0) context.print("No agent iterations have run yet.");
        else context.print((await import("../format/format-executor-table")).formatExecutorTable(executors));
        return;
      }
      if (kind === "candidate") {
        const goalName = requireName(name, "setpoint get candidates NAME --iteration N");
        const read = await api.candidates(goalName, iteration!);
        if (output === "json" || output === "yaml") context.print(formatObject(read, output));
        else if (read.candidates.length === 0 && read.iteration === 0)
          context.print(`Iteration 0 of ${goalName} is the baseline: it measured the starting point and ran no agent.`);
        else if (read.candidates.length === 0) context.print(`Iteration ${read.iteration} of ${goalName} ran one agent: no candidates.`);
        else context.print((await import("../format/format-candidate-table")).formatCandidateTable(read));
        return;
      }
      if (kind === "iteration") {
        const goalName = requireName(name, "setpoint get iterations NAME");
        const iterations = await api.iterations(goalName);
        if (output === "json" || output === "yaml") {
          context.print(formatObject(iterations, output));
          return;
        }
        // The table shows the target metrics; -o wide shows everything the layers measured.
        const metricNames = output === "wide" ? undefined : (await api.getGoal(goalName)).spec.metrics.map((target) => target.metric);
        context.print(formatIterationTable(iterations, context.now(), { metricNames }));
        return;
      }
      if (name) {
        const goal = await api.getGoal(name);
        context.print(
          output === "json" || output === "yaml" ? formatObject(goal, output) : formatGoalTable([goal], context.now(), { wide: output === "wide" }),
        );
        return;
      }
      const goals = await api.listGoals(filter);
      if (output === "json" || output === "yaml") context.print(formatObject(goals, output));
      else if (goals.length === 0) context.print("No goals found.");
      else context.print(formatGoalTable(goals, context.now(), { wide: output === "wide" }));
    });
}

function parsePhase(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const phase = PHASES.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!phase) throw new CliError(`--phase must be one of: ${PHASES.join(", ")}; found '${shorten(value)}'`);
  return phase;
}
