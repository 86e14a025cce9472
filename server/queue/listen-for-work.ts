// LISTEN on a dedicated connection so idle runners start queued work within milliseconds.
// A hint only: it reconnects after a Postgres restart, and runners poll meanwhile.
import pg from "pg";
import { QUEUE_CHANNEL } from "../events/record-event";

export function listenForWork(url: string, onWake: () => void, log: (line: string) => void): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    next.on("notification", onWake);
    next.on("error", () => scheduleReconnect());
    next.on("end", () => scheduleReconnect());
    try {
      await next.connect();
      if (stopped) {
        next.removeAllListeners("end");
        await next.end();
        return;
      }
      await next.query(`LISTEN ${QUEUE_CHANNEL}`);
      client = next;
      onWake(); // anything queued while we were not listening
    } catch (error) {
      log(`cannot listen for work yet: ${(error as Error).message}`);
      next.removeAllListeners("end");
      await next.end().catch(() => {});
      scheduleReconnect();
    }
  };
  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    client = undefined;
    retryTimer = setTimeout(() => { retryTimer = undefined; void connect(); }, 1000);
  };

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    await client?.end().catch(() => {});
  };
}
