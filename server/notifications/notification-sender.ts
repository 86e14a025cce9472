// A runner's delivery loop: about once a second, claim what is due, POST it, record what happened.
// Runners share the outbox the way they share the queue, so any number of them send each row once.
import type { PrismaClient } from "../generated/prisma/client";
import { notifyBackoffMs } from "../config";
import { claimDueNotifications, type ClaimedNotification } from "./claim-due-notifications";
import { postNotification } from "./post-notification";
import { recordDelivered, recordFailedAttempt, type RetryPolicy } from "./record-delivery";

export type SenderOptions = Partial<RetryPolicy> & { pollMs?: number; timeoutMs?: number; batch?: number; log?: (line: string) => void };

export const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 300_000;

export class NotificationSender {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly policy: RetryPolicy;
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly batch: number;
  private readonly log: (line: string) => void;

  constructor(private readonly db: PrismaClient, options: SenderOptions = {}) {
    this.policy = { maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS, backoffMs: options.backoffMs ?? notifyBackoffMs(), maxBackoffMs: options.maxBackoffMs ?? MAX_BACKOFF_MS };
    this.pollMs = options.pollMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    this.batch = options.batch ?? 10;
    this.log = options.log ?? (() => {});
  }

  start(): void {
    this.loop ??= this.run();
  }

  // Lets sends in flight finish (each is bounded by the timeout), so none is left claimed for nothing.
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  // One round: returns how many deliveries it attempted.
  async sendDue(): Promise<number> {
    // Held past the timeout, with room for recording the result.
    const rows = await claimDueNotifications(this.db, this.batch, this.timeoutMs + 50_000);
    await Promise.all(rows.map((row) => this.send(row)));
    return rows.length;
  }

  private async send(row: ClaimedNotification): Promise<void> {
    const result = await postNotification(row.url, row.payload, this.timeoutMs);
    if (result.ok) await recordDelivered(this.db, row, result);
    else await recordFailedAttempt(this.db, row, result, this.policy);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        // A full batch suggests more are due: go on at once.
        if ((await this.sendDue()) === this.batch) continue;
      } catch (error) {
        // Postgres away: the rows stay in the outbox; try again next round.
        this.log(`cannot send notifications: ${(error as Error).message}`);
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { this.wake = undefined; resolve(); }, this.pollMs);
        this.wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  }
}
