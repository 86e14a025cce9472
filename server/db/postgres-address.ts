// Where the embedded Postgres listens. A Unix socket in its own data folder (0700, Postgres's user): only
// Postgres's user and root can reach it, so no other local user and no agent running as another user
// can even try a password, and there is no TCP at all. A socket's path has room for 107 bytes; a longer
// one falls back to 127.0.0.1, still behind the random passwords.
import net from "node:net";
import path from "node:path";

export const SOCKET_PATH_LIMIT = 107;

export type PostgresAddress = { port: number; socketDir: string | null };

// Null socketDir (loopback instead) comes with the reason, for the start to say.
export function chooseAddress(databaseDir: string, port: number): { address: PostgresAddress; fallback: string | null } {
  const socket = socketPath(databaseDir, port);
  const bytes = Buffer.byteLength(socket);
  if (bytes > SOCKET_PATH_LIMIT) {
    return {
      address: { port, socketDir: null },
      fallback: `the socket's path ${socket} is ${bytes} bytes, over the ${SOCKET_PATH_LIMIT} a Unix socket allows: Postgres listens on 127.0.0.1:${port} instead (random passwords still needed); a data folder with a shorter path gets the socket`,
    };
  }
  if (databaseDir.includes('"')) {
    return {
      address: { port, socketDir: null },
      fallback: `the data folder's path has a double quote, which Postgres cannot take as a socket folder: Postgres listens on 127.0.0.1:${port} instead (random passwords still needed)`,
    };
  }
  return { address: { port, socketDir: databaseDir }, fallback: null };
}

export function socketPath(socketDir: string, port: number): string {
  return path.join(socketDir, `.s.PGSQL.${port}`);
}

// Postgres's -c flags: the socket and no TCP, or TCP on loopback and no socket.
export function listenFlags(address: PostgresAddress): string[] {
  return address.socketDir
    ? ["-c", `unix_socket_directories="${address.socketDir}"`, "-c", "listen_addresses="]
    : ["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1"];
}

// The socket form is the one node-postgres, libpq and Prisma all read: the host given as a query
// parameter overrides `localhost`.
export function connectionUrl(address: PostgresAddress, user: string, password: string, database: string): string {
  const credentials = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return address.socketDir
    ? `postgresql://${credentials}@localhost:${address.port}/${database}?host=${encodeURIComponent(address.socketDir)}`
    : `postgresql://${credentials}@127.0.0.1:${address.port}/${database}`;
}

// For node-postgres's Client, which takes a socket's folder as its host.
export function clientHost(address: PostgresAddress): string {
  return address.socketDir ?? "127.0.0.1";
}

// Every connection needs its role's password (SCRAM), on the socket or on loopback.
export const HBA_CONF = `# Written by Setpoint at every start (server/db/embedded-postgres.ts): every connection needs its
# role's password (SCRAM). Postgres listens on a socket in this folder, or on 127.0.0.1 when its path is too long.
local all all scram-sha-256
host  all all 127.0.0.1/32 scram-sha-256
`;

export function canConnect(address: PostgresAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = address.socketDir ? net.connect(socketPath(address.socketDir, address.port)) : net.connect(address.port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
