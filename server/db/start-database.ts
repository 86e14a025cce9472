// The database `npm start` runs on: DATABASE_URL when set (the user's own server, used as it is), else
// the embedded Postgres in the data folder, whose app-role URL is announced there (database.url, 0600)
// for `npm run runner` on the same machine. Migrated, as the role the product connects as, before use.
import path from "node:path";
import { announceDatabaseUrl } from "./database-url";
import { startEmbeddedPostgres, takeOverShutdownSignals } from "./embedded-postgres";
import { migrate } from "./migrate";

export type StartedDatabase = { url: string; stop: () => Promise<void> };

export async function startDatabase(dir: string, say: (line: string) => void, { throwaway = false } = {}): Promise<StartedDatabase> {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    takeOverShutdownSignals();
    say(`starting embedded Postgres in ${path.join(dir, "pg")}`);
    const embedded = await startEmbeddedPostgres(dir, { onNote: say, throwaway });
    url = embedded.url;
    stop = embedded.stop;
    announceDatabaseUrl(url, dir);
  }
  const applied = await migrate(url);
  say(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  return { url, stop };
}
