// What a goal's pull request and commit status say: the convergence as measured (each target and its
// final value, iterations, cost, the checker's verdict, who approved), or that it drifted since. Pure.
import { formatValue } from "../loop/spec-targets";
import { parseTarget, targetHolds } from "../spec/metric-target";

export type ConvergenceReport = {
  goal: string;
  intent: string;
  iteration: number;
  commit: string;
  // target: as written, a relative one with its resolved value; met: as the loop judged it (relative targets need the history).
  targets: { metric: string; target: string; value: number | undefined; met?: boolean }[];
  iterations: number; // in the run that converged
  costUsd: number;
  checker: { layer: string; ok: boolean; comments: string | null }[];
  approvals: { iteration: number; decision: string; by: string | null; comment: string | null }[];
  // The signed certificate of this convergence (server/certificates), as its JSON file; null when none was issued.
  certificate: { id: string; keyId: string; document: string } | null;
  url: string; // the goal's page on the dashboard
};

// A drift (a scheduled resync found a target broken) is said above the report it breaks.
export type Drift = { message: string } | null;

// GitHub's limit for a pull request body is 65,536 characters; comments are cut well before.
const COMMENT_CHARS = 2000;

export function pullRequestTitle(report: Pick<ConvergenceReport, "goal" | "intent">, title?: string): string {
  if (title) return title;
  const firstLine =
    report.intent
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? "";
  const intent = firstLine.length > 100 ? `${firstLine.slice(0, 99)}…` : firstLine;
  return `Setpoint: ${report.goal}${intent ? `: ${intent}` : ""}`;
}

export function pullRequestBody(report: ConvergenceReport, drift: Drift): string {
  const lines: string[] = [];
  if (drift) {
    lines.push(
      `> [!WARNING]`,
      `> **Drifted**: ${oneLine(drift.message)}. A new run is queued; this pull request is updated when the goal converges again.`,
      "",
    );
  }
  lines.push(
    `Goal [\`${report.goal}\`](${report.url}) converged at [iteration ${report.iteration}](${report.url}/iterations/${report.iteration}) (commit \`${report.commit.slice(0, 12)}\`): every target holds, as measured by its layers.`,
    "",
    "| metric | target | final | |",
    "| --- | --- | --- | --- |",
    ...report.targets.map((row) => `| \`${row.metric}\` | \`${row.target}\` | ${formatValue(row.value)} | ${holds(row) ? "✅" : "❌"} |`),
    "",
    `**Iterations** in this run: ${report.iterations} · **Cost**: $${report.costUsd.toFixed(2)}`,
  );
  if (report.checker.length > 0) {
    lines.push("", "**Checker**:");
    for (const verdict of report.checker)
      lines.push(`- \`${verdict.layer}\`: ${verdict.ok ? "passed" : "failed"}${verdict.comments ? `: ${quote(verdict.comments)}` : ""}`);
  }
  lines.push("", report.approvals.length === 0 ? "**Approvals**: none were asked for." : "**Approvals**:");
  for (const approval of report.approvals) {
    lines.push(
      `- iteration ${approval.iteration}: ${approval.decision}${approval.by ? ` by ${approval.by}` : ""}${approval.comment ? `: ${quote(approval.comment)}` : ""}`,
    );
  }
  if (report.certificate) lines.push("", ...certificateLines(report.certificate, report.url));
  lines.push(
    "",
    "**Intent**:",
    "",
    ...unmention(report.intent.trim())
      .split("\n")
      .map((line) => `> ${line}`),
  );
  lines.push("", `<sub>Opened and kept up to date by Setpoint for goal \`${report.goal}\`; a re-run or a drift updates this pull request.</sub>`);
  return lines.join("\n");
}

// A certificate is a few KB; one too long for a pull request body is named, and fetched with the CLI.
const CERTIFICATE_CHARS = 30_000;

function certificateLines(certificate: NonNullable<ConvergenceReport["certificate"]>, goalUrl: string): string[] {
  const origin = new URL(goalUrl).origin;
  const lines = [
    `**Certificate** \`${certificate.id}\` (Ed25519, key \`${certificate.keyId}\`): save it as cert.json and check it with \`npx setpoint verify cert.json --public-key key.pem\`, the key from ${origin}/api/certificates/public-key.`,
  ];
  if (certificate.document.length > CERTIFICATE_CHARS) return [...lines, "", "(too long to show here: `npx setpoint certificate NAME -o json` prints it)"];
  return [...lines, "", "<details><summary>cert.json</summary>", "", "```json", certificate.document, "```", "", "</details>"];
}

// A commit status's description holds at most 140 characters.
export function statusDescription(report: ConvergenceReport, drift: Drift): string {
  const text = drift
    ? `drifted: ${oneLine(drift.message)}`
    : `converged at iteration ${report.iteration}: ${report.targets.map((row) => `${row.metric}=${formatValue(row.value)}`).join(", ")}`;
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

function holds(row: ConvergenceReport["targets"][number]): boolean {
  if (row.met !== undefined) return row.met;
  const target = parseTarget(row.target);
  return target !== null && target.ref === undefined && targetHolds(target, row.value);
}

// Text from agents and people: one line, and no @mention that would ping someone on GitHub.
function oneLine(text: string): string {
  return unmention(text.replace(/\s+/g, " ").trim());
}

function unmention(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])/g, "@\u200b");
}

function quote(text: string): string {
  const flat = oneLine(text);
  return flat.length > COMMENT_CHARS ? `${flat.slice(0, COMMENT_CHARS - 1)}…` : flat;
}
