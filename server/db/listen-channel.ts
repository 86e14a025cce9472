// LISTEN on a dedicated connection, reconnecting after a Postgres restart. NOTIFY is a hint, not a
// delivery: `onConnected` runs after every (re)connect so callers can catch up on what they missed.
import pg from "pg";

export type ChannelListener = {
  onNotification: (payload: string, channel: string) => void;
  onConnected?: () => void;
  log?: (line: string) => void;
};

// One connection for every channel named: a runner listens on two and holds one connection for both.
export function listenToChannel(url: string, channel: string | readonly string[], listener: ChannelListener): () => Promise<void> {
  const channels = typeof channel === "string" ? [channel] : channel;
  let client: pg.Client | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => listener.onNotification(message.payload ?? "", message.channel));
    next.on("error", () => scheduleReconnect());
    next.on("end", () => scheduleReconnect());
    try {
      await next.connect();
      if (stopped) {
        next.removeAllListeners("end");
        await next.end();
        return;
      }
      for (const name of channels) await next.query(`LISTEN ${name}`);
      client = next;
      listener.onConnected?.();
    } catch (error) {
      listener.log?.(`cannot listen on ${channels.join(", ")} yet: ${(error as Error).message}`);
      next.removeAllListeners("end");
      await next.end().catch(() => {});
      scheduleReconnect();
    }
  };
  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    client = undefined;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, 1000);
  };

  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    await client?.end().catch(() => {});
  };
}
