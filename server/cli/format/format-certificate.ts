// What a certificate certifies, in words: `setpoint certificate NAME` and `setpoint verify FILE` print it.
import type { CertificatePayload } from "../../certificates/certificate";
import { fields } from "./format-fields";
import { formatNumber } from "./format-metrics";

type Executor = CertificatePayload["maker"];

export function formatCertificate(certificate: CertificatePayload): string {
  const { goal, commit, iteration } = certificate;
  return fields(
    [
      ["Goal", `${goal.name}, generation ${goal.generation} (spec sha256 ${goal.specSha256})`],
      ["Commit", `${commit.sha}\ntree ${commit.tree}${commit.base ? `\nstarting from ${commit.base}` : ""}`],
      ["Iteration", `${iteration.number}, measured ${iteration.startedAt} to ${iteration.finishedAt}${iteration.runner ? ` by ${iteration.runner}` : ""}`],
      ["Converged", `${certificate.convergedAt}, signed by ${certificate.runner}`],
      [
        "Targets",
        certificate.targets
          .map((target) => `${target.metric} = ${target.value === null ? "-" : formatNumber(target.value)} (target ${target.target})`)
          .join("\n") || "none",
      ],
      ["Layers", certificate.layers.map(describeLayer).join("\n") || "none"],
      ["Files", describeFiles(certificate.measuredFiles)],
      ["Maker", describeExecutor(certificate.maker)],
      ["Checkers", certificate.checkers.map((checker) => `${checker.layer}: ${describeExecutor(checker)}`).join("\n") || "none"],
      [
        "Approvals",
        certificate.approvals
          .map(
            (approval) =>
              `${approval.by} at ${approval.at}, iteration ${approval.iteration} (commit ${approval.commit.slice(0, 12)})${approval.comment ? `: ${approval.comment}` : ""}`,
          )
          .join("\n") || "none asked",
      ],
      ["Id", certificate.id],
    ],
    "",
    12,
  );
}

function describeLayer(layer: CertificatePayload["layers"][number]): string {
  const verdict = layer.ok ? "passed" : "failed";
  const exit = layer.exitCode === null ? "" : `, exit ${layer.exitCode}`;
  const what = layer.command
    ? ` \`${layer.command}\`${layer.parse ? ` (${layer.parse})` : ""}`
    : layer.executor
      ? ` reviewer ${describeExecutor(layer.executor)}`
      : layer.kind === "policy"
        ? " policy"
        : "";
  const hidden = layer.hiddenFailed ? "; hidden checks failed while visible ones passed" : "";
  const metrics = Object.entries(layer.metrics)
    .map(([name, value]) => `${name}=${formatNumber(value)}`)
    .join(" ");
  return `${layer.name}: ${verdict}${exit}${what}${hidden}${metrics ? `\n  ${metrics}` : ""}`;
}

function describeExecutor(executor: Executor): string {
  return [executor.executor, executor.model && `model ${executor.model}`, executor.command && `command \`${executor.command}\``].filter(Boolean).join(", ");
}

function describeFiles(files: CertificatePayload["measuredFiles"]): string {
  if (files.length === 0) return "none (no protected paths or hidden checks were measured)";
  return files.map((file) => `${file.kind} ${file.path} sha256 ${file.sha256}`).join("\n");
}
