// `npm run runner`: one runner process against the same database, from any machine that reaches it.
import { dbPoolSize, runnerSlots, workDir } from "../config";
import { createDb } from "../db/client";
import { databaseUrl } from "../db/database-url";
import { migrate } from "../db/migrate";
import { privateUrlAllowList } from "../outbound/private-url-allow-list";
import { repoRoots } from "../workspace/repo-roots";
import { Runner } from "./runner";

async function main(): Promise<void> {
  const url = databaseUrl();
  const roots = repoRoots(); // a malformed SETPOINT_REPO_ROOTS stops the runner here, said in words
  privateUrlAllowList(); // and so does a malformed SETPOINT_ALLOW_PRIVATE_URLS
  await migrate(url);
  const slots = Math.max(1, runnerSlots());
  // Its own client, with named statements (server/db/statement-names.ts).
  const { db, pool } = createDb(url, dbPoolSize(), { namedStatements: true });
  const runner = new Runner({ db, databaseUrl: url, slots, workDir: workDir() });
  await runner.start();
  console.log(`[runner ${runner.id}] started with ${slots} slot${slots === 1 ? "" : "s"}; work folder ${workDir()}`);
  if (roots) console.log(`[runner ${runner.id}] repositories only under SETPOINT_REPO_ROOTS: ${roots.entries.join(", ")}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[runner ${runner.id}] ${signal}: finishing current iterations, then handing goals back`);
    await runner.drain();
    await db.$disconnect();
    await pool.end().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(`runner: ${(error as Error).message}`);
  process.exit(1);
});
