// Writes a converged goal's certificate, in the transaction that records the convergence: built from the
// iteration as recorded, signed, stored once and never rewritten.
import crypto from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import type { GoalSpec } from "../spec/goal-spec";
import { buildCertificate } from "./build-certificate";
import { signCertificate } from "./sign-certificate";
import type { SigningKey } from "./signing-key";
import { supersedeCertificates } from "./supersede-certificates";

export type Convergence = {
  goal: { id: string; name: string; generation: number; baseCommit: string | null };
  spec: GoalSpec; // the stored spec, parsed: the one decide() judged with, and the one whose hash is certified
  iteration: number;
  tree: string;
  runnerId: string;
};

export async function issueCertificate(tx: Prisma.TransactionClient, convergence: Convergence, key?: SigningKey): Promise<string> {
  const { goal, spec } = convergence;
  const row = await tx.iteration.findUniqueOrThrow({
    where: { goalId_number: { goalId: goal.id, number: convergence.iteration } },
    include: { layers: { orderBy: { position: "asc" } } },
  });
  if (!row.commit || !row.finishedAt) throw new Error(`iteration ${row.number} of goal '${goal.name}' converged but records no commit`);
  // The approval decide() counted; a gate's approval is bound to its iteration, and so to that commit.
  const approval =
    row.approval === "approved" && row.approvedBy && row.decidedAt ? { by: row.approvedBy, at: row.decidedAt, comment: row.approvalComment } : null;
  const id = crypto.randomUUID();
  const convergedAt = new Date();
  const certificate = buildCertificate({
    id,
    goal: { name: goal.name, generation: goal.generation, spec, baseCommit: goal.baseCommit },
    iteration: {
      number: row.number,
      commit: row.commit,
      tree: convergence.tree,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      runnerId: row.runnerId,
      metrics: row.metrics as Record<string, number>,
      measuredFiles: (row as { measuredFiles?: unknown }).measuredFiles,
    },
    layers: row.layers as CertificateLayerRow[],
    approval,
    runnerId: convergence.runnerId,
    convergedAt,
  });
  const signed = signCertificate(certificate, key);
  // Only one certificate is current; leaving Converged supersedes it, so this finds one only if a path forgot to.
  await supersedeCertificates(tx, goal.id, "Reissued", convergedAt);
  await tx.certificate.create({
    data: {
      id,
      goalId: goal.id,
      generation: goal.generation,
      iteration: row.number,
      commit: row.commit,
      payload: signed.payload,
      signature: signed.signature,
      keyId: signed.keyId,
      createdAt: convergedAt,
    },
  });
  return id;
}

type CertificateLayerRow = Parameters<typeof buildCertificate>[0]["layers"][number];
