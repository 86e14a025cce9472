// Wakes the runners' notification senders when the outbox gains rows: a hint, as the queue's NOTIFY is;
// senders also poll slowly, so a lost one costs that poll, never the delivery.
import type { Prisma } from "../generated/prisma/client";

export const OUTBOX_CHANNEL = "setpoint_outbox";

export async function notifyOutbox(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
}
