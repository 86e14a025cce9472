// A runner's delivery loop: claim what is due, send it (a webhook's POST, or a pull request's push and
// GitHub calls), record what happened; then sleep until the next retry is due, a new row's NOTIFY
// (wakeNow, from the runner's listener) or the slow safety poll, whichever comes first.
// Runners share the outbox the way they share the queue, so any number of them send each row once.
import type { PrismaClient } from "../generated/prisma/client";
import { notifyBackoffMs, workDir } from "../config";
import { publishPullRequest } from "../pull-requests/publish-pull-request";
import { claimDueNotifications, msUntilNextNotification, type ClaimedNotification } from "./claim-due-notifications";
import { recordDelivered, recordFailedAttempt, type RetryPolicy } from "./record-delivery";
import { sendWebhook } from "./send-webhook";

// workDir: where a pull request's push finds (or clones) the goal's repository: the runner's own.
export type SenderOptions = Partial<RetryPolicy> & { pollMs?: number; timeoutMs?: number; batch?: number; workDir?: string; log?: (line: string) => void };

export const MAX_ATTEMPTS = 8;
// A lost NOTIFY delays a delivery by at most this much.
export const SENDER_SAFETY_POLL_MS = 30_000;
const TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 300_000;

export class NotificationSender {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private woken = false;
  private readonly policy: RetryPolicy;
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly batch: number;
  private readonly workDir: string;
  private readonly log: (line: string) => void;

  constructor(
    private readonly db: PrismaClient,
    options: SenderOptions = {},
  ) {
    this.policy = {
      maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
      backoffMs: options.backoffMs ?? notifyBackoffMs(),
      maxBackoffMs: options.maxBackoffMs ?? MAX_BACKOFF_MS,
    };
    this.pollMs = options.pollMs ?? SENDER_SAFETY_POLL_MS;
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    this.batch = options.batch ?? 10;
    this.workDir = options.workDir ?? workDir();
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

  // A new row was enqueued (the outbox's NOTIFY): look now.
  wakeNow(): void {
    this.woken = true;
    this.wake?.();
  }

  // One round: returns how many deliveries it attempted.
  async sendDue(): Promise<number> {
    // Held past the timeout, with room for recording the result.
    const rows = await claimDueNotifications(this.db, this.batch, this.timeoutMs + 50_000);
    await Promise.all(rows.map((row) => this.send(row)));
    return rows.length;
  }

  private async send(row: ClaimedNotification): Promise<void> {
    const result = row.kind === "pullRequest" ? await publishPullRequest(this.db, row, this.workDir) : await sendWebhook(this.db, row, this.timeoutMs);
    if (result.ok) await recordDelivered(this.db, row, result);
    else await recordFailedAttempt(this.db, row, result, this.policy);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let sleepMs = this.pollMs;
      try {
        this.woken = false;
        // A full batch suggests more are due: go on at once.
        if ((await this.sendDue()) === this.batch) continue;
        const due = await msUntilNextNotification(this.db);
        if (due !== null) sleepMs = Math.min(sleepMs, Math.max(due, 5));
      } catch (error) {
        // Postgres away: the rows stay in the outbox; try again soon.
        this.log(`cannot send notifications: ${(error as Error).message}`);
        sleepMs = Math.min(sleepMs, 1000);
      }
      // Woken while sending: that row may have come after the claim.
      if (this.stopped || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = undefined;
          resolve();
        }, sleepMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          resolve();
        };
      });
    }
  }
}
