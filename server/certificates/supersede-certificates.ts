// A goal that leaves Converged (a re-run, a drift, a changed spec) no longer stands behind its certificate:
// it stays, verifiable as history, marked superseded with why. The one writer of supersededAt.
import type { Prisma } from "../generated/prisma/client";

export async function supersedeCertificates(tx: Prisma.TransactionClient, goalId: string, reason: string, at = new Date()): Promise<number> {
  const { count } = await tx.certificate.updateMany({ where: { goalId, supersededAt: null }, data: { supersededAt: at, supersededReason: reason } });
  return count;
}
