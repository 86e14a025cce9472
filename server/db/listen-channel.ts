// LISTEN on a dedicated connection, reconnecting after a Postgres restart. NOTIFY is a hint, not a
// delivery: `onConnected` runs after every (re)connect so callers can catch up on what they missed.
import pg from "pg";

export type ChannelListener = {
  onNotification: (payload: string) => void;
  onConnected?: () => void;
  log?: (line: string) => void;
};

export function listenToChannel(url: string, channel: string, listener: ChannelListener): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => listener.onNotification(message.payload ?? ""));
    next.on("error", () => scheduleReconnect());
    next.on("end", () => scheduleReconnect());
    try {
      await next.connect();
      if (stopped) {
        next.removeAllListeners("end");
        await next.end();
        return;
      }
      await next.query(`LISTEN ${channel}`);
      client = next;
      listener.onConnected?.();
    } catch (error) {
      listener.log?.(`cannot listen on ${channel} yet: ${(error as Error).message}`);
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
