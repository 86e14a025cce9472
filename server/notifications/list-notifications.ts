// A goal's recent deliveries and how each went, for the API, the CLI and the goal page.
import type { PrismaClient } from "../generated/prisma/client";
import { deliveryTarget } from "./webhook-origin";

export type NotificationStatus = "pending" | "delivered" | "failed";

export type NotificationRow = {
  id: string;
  kind: string; // "webhook" (spec.notify) or "pullRequest"
  event: string;
  to: string; // where it goes, without the secret part of the URL
  status: NotificationStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  failedAt: string | null;
  nextAttemptAt: string | null;
};

export const RECENT_NOTIFICATIONS = 20;

export async function listGoalNotifications(db: PrismaClient, goalId: string, limit = RECENT_NOTIFICATIONS): Promise<NotificationRow[]> {
  const rows = await db.notification.findMany({ where: { goalId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    event: row.event,
    to: deliveryTarget(row),
    status: row.deliveredAt ? "delivered" : row.failedAt ? "failed" : "pending",
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
  }));
}
