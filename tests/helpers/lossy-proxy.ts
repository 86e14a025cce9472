// A TCP proxy between a test's connection pool and Postgres that can lose one exchange for real. Armed with a
// marker (text the client's message holds: "COMMIT", an event type), the connection that next sends it is cut at
// that message, or at its first message holding `at` from then on (the COMMIT of the transaction the marker is in):
// "reply" forwards the message, lets Postgres answer it in full (its ReadyForQuery: the statement's or the
// COMMIT's transaction has ended, committed) and cuts the client's socket before relaying a byte of the answer;
// "request" cuts it before Postgres sees the message.
import net from "node:net";

export type LossyProxy = {
  url: string;
  lose(what: "reply" | "request", marker: string, at?: string): void;
  cuts: number; // exchanges lost so far
  close(): Promise<void>;
};

const READY_FOR_QUERY = 0x5a; // 'Z'

// port: one of the test's own, or 0 for any free one.
export async function startLossyProxy(databaseUrl: string, port = 0): Promise<LossyProxy> {
  const target = postgresTarget(databaseUrl);
  type Loss = { what: "reply" | "request"; marker: string; at: string };
  let armed: Loss | null = null;
  const sockets = new Set<net.Socket>();
  const proxy: LossyProxy = {
    url: "",
    cuts: 0,
    lose(what, marker, at = marker) {
      armed = { what, marker, at };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    let marked: Loss | null = null; // this connection sent the armed marker
    let doomed: Buffer | null = null; // the answer held back since the message to cut at went through
    const cut = () => {
      proxy.cuts += 1;
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk) => {
      const seen = withStatementTexts(chunk);
      if (armed && marked === null && seen.includes(armed.marker)) {
        marked = armed;
        armed = null;
      }
      if (marked && doomed === null && seen.includes(marked.at)) {
        if (marked.what === "request") return cut();
        doomed = Buffer.alloc(0);
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (doomed === null) return void client.write(chunk);
      // The client sends its next message only after this answer, so the answer starts at a message's start.
      doomed = Buffer.concat([doomed, chunk]);
      if (endsExchange(doomed)) cut();
    });
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ]) {
      socket.on("error", () => other.destroy());
      socket.on("close", () => {
        other.destroy();
        sockets.delete(socket);
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const proxied = new URL(databaseUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String((server.address() as net.AddressInfo).port);
  proxied.searchParams.delete("host");
  proxy.url = proxied.toString();
  return proxy;
}

// A named statement's text is sent once per connection (its Parse); each later run sends only its name (a Bind).
// Markers are looked for in the texts of the statements a message runs too. A name is its text's hash
// (server/db/statement-names.ts), one text in every process and connection, so one map serves all.
const statementTexts = new Map<string, string>();
const PARSED = /(setpoint_[\w-]+)\0([^\0]+)\0/g; // Parse: name, text
const BOUND = /setpoint_[\w-]+(?=\0)/g; // Bind: the statement's name

function withStatementTexts(chunk: Buffer): Buffer {
  const bytes = chunk.toString("latin1");
  for (const [, name, text] of bytes.matchAll(PARSED)) statementTexts.set(name, text);
  const texts = [...bytes.matchAll(BOUND)].flatMap(([name]) => statementTexts.get(name) ?? []);
  return texts.length === 0 ? chunk : Buffer.concat([chunk, Buffer.from(texts.join("\0"), "latin1")]);
}

// Whether the messages so far hold a ReadyForQuery: Postgres has finished the exchange.
function endsExchange(answer: Buffer): boolean {
  for (let at = 0; at + 5 <= answer.length; at += 1 + answer.readInt32BE(at + 1)) {
    if (answer[at] === READY_FOR_QUERY) return true;
  }
  return false;
}

// The embedded Postgres listens on a Unix socket (its folder in the URL's `host` parameter) or on loopback.
function postgresTarget(databaseUrl: string): net.NetConnectOpts {
  const url = new URL(databaseUrl);
  const port = Number(url.port || 5432);
  const socketDir = url.searchParams.get("host");
  return socketDir ? { path: `${socketDir}/.s.PGSQL.${port}` } : { host: url.hostname, port };
}
