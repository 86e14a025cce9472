// `logs`: the prompt, the agent's output and each layer's log of one iteration, each under a clear heading.
import type { IterationLogs } from "../api-types";
import { formatDuration } from "./format-age";
import { describeDenial } from "../../executors/agent-transcript";

export function formatLogs(logs: IterationLogs): string {
  const sections = [
    section(`iteration ${logs.iteration} (${logs.phase}): prompt`, logs.prompt),
    ...(logs.agentError ? [section(`iteration ${logs.iteration}: the agent failed`, logs.agentError)] : []),
    ...(logs.transcript ? [section(`iteration ${logs.iteration}: what the agent did`, transcriptLines(logs.transcript))] : []),
    section(`iteration ${logs.iteration}: agent output`, logs.agentOutput),
    section(`iteration ${logs.iteration}: diff`, logs.diff),
    ...logs.layers.map((layer) => {
      const verdict = layer.ok ? "✓ passed" : "✗ failed";
      const exit = layer.exitCode === null ? "no exit code" : `exit ${layer.exitCode}`;
      const duration = layer.durationMs < 1000 ? `${layer.durationMs}ms` : formatDuration(layer.durationMs);
      return section(`layer ${layer.name} (${layer.kind}): ${verdict}, ${exit}, ${duration}`, layer.log);
    }),
  ];
  if (logs.layers.length === 0) sections.push("==> layers <==\n(no layer ran in this iteration)\n");
  return sections.join("\n");
}

// Denied tool calls first: a run that looks fine but was refused what it needed.
function transcriptLines(transcript: NonNullable<IterationLogs["transcript"]>): string {
  const list = (items: string[]) => (items.length === 0 ? "none" : items.join(", "));
  return [
    ...transcript.denials.map((denied) => `denied by agent.permissions: ${describeDenial(denied)}`),
    `files touched: ${list(transcript.filesTouched)}`,
    `commands run: ${list(transcript.commandsRun)}`,
    ...(transcript.sessionId ? [`session: ${transcript.sessionId}`] : []),
    ...(transcript.resumeCommand ? [`resume: ${transcript.resumeCommand}`] : []),
  ].join("\n");
}

function section(title: string, body: string): string {
  const text = body.trim() === "" ? "(empty)" : body.replace(/\s+$/, "");
  return `==> ${title} <==\n${text}\n`;
}
