// What a certificate says, put together from what was measured and recorded. Pure: the runner reads the
// facts in the transaction that records the convergence, and nothing later is ever read into it.
import { z } from "zod";
import type { AgentSpec, GoalSpec } from "../spec/goal-spec";
import { canonicalSha256 } from "./canonical-json";
import { CERTIFICATE_FORMAT, type CertificatePayload } from "./certificate";

export type CertificateFacts = {
  id: string;
  goal: { name: string; generation: number; spec: GoalSpec; baseCommit: string | null }; // spec: as the loop judged with it, defaults filled in
  iteration: {
    number: number;
    commit: string;
    tree: string;
    startedAt: Date;
    finishedAt: Date;
    runnerId: string | null;
    metrics: Record<string, number>;
    measuredFiles: unknown;
  };
  layers: { name: string; kind: string; ok: boolean; exitCode: number | null; metrics: unknown; hiddenFailed?: boolean | null }[];
  approval: { by: string; at: Date; comment: string | null } | null; // the converged iteration's, when it needed one
  runnerId: string;
  convergedAt: Date;
};

// What the protect and hidden-check measurement stores on an iteration (empty when the spec has neither).
const measuredFilesSchema = z.array(z.object({ path: z.string(), sha256: z.string(), kind: z.enum(["protected", "hidden"]) }));

export function buildCertificate(facts: CertificateFacts): CertificatePayload {
  const { goal, iteration } = facts;
  const spec = goal.spec;
  const layers = new Map(spec.evaluation.layers.map((layer) => [layer.name, layer]));
  return {
    format: CERTIFICATE_FORMAT,
    id: facts.id,
    goal: { name: goal.name, generation: goal.generation, specSha256: canonicalSha256(spec) },
    commit: { sha: iteration.commit, tree: iteration.tree, base: goal.baseCommit },
    iteration: {
      number: iteration.number,
      startedAt: iteration.startedAt.toISOString(),
      finishedAt: iteration.finishedAt.toISOString(),
      runner: iteration.runnerId,
    },
    targets: spec.metrics.map(({ metric, target }) => ({ metric, target, value: iteration.metrics[metric] ?? null })),
    layers: facts.layers.map((row) => {
      const layer = layers.get(row.name);
      return {
        name: row.name,
        kind: row.kind as "run" | "policy" | "agent",
        command: layer && "run" in layer ? layer.run : null,
        parse: layer && "run" in layer ? layer.parse : null,
        policy: layer && "policy" in layer ? { ...layer.policy } : null,
        executor: layer && "agent" in layer ? executorOf(layer.agent) : null,
        ok: row.ok,
        exitCode: row.exitCode,
        metrics: row.metrics as Record<string, number>,
        hiddenFailed: row.hiddenFailed ?? null,
      };
    }),
    measuredFiles: measuredFiles(iteration.measuredFiles),
    maker: executorOf(spec.agent),
    checkers: spec.evaluation.layers.flatMap((layer) => ("agent" in layer ? [{ layer: layer.name, ...executorOf(layer.agent) }] : [])),
    approvals: facts.approval
      ? [{ iteration: iteration.number, commit: iteration.commit, by: facts.approval.by, at: facts.approval.at.toISOString(), comment: facts.approval.comment }]
      : [],
    runner: facts.runnerId,
    convergedAt: facts.convergedAt.toISOString(),
  };
}

function executorOf(agent: AgentSpec): CertificatePayload["maker"] {
  return { executor: agent.executor, model: agent.model ?? null, command: agent.command ?? null };
}

// Sorted, so the same files measured in another order certify the same.
function measuredFiles(stored: unknown): CertificatePayload["measuredFiles"] {
  const files = measuredFilesSchema.parse(stored ?? []);
  const order = (file: { kind: string; path: string }) => [file.kind, file.path] as const;
  return files
    .map(({ path, kind, sha256 }) => ({ path, kind, sha256 }))
    .sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
    });
}
