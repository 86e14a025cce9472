// `npm start`: the whole product on one machine. Postgres (embedded unless DATABASE_URL is set),
// migrations, the admin token, the demo goal, the web server and the runner(s).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { dataDir, demoEnabled, runnerSlots, webPort } from "../server/config";
import { adoptOwnerlessTokens, ensureAdminToken, ensureFirstAdmin } from "../server/auth/admin-token";
import { createDb } from "../server/db/client";
import { startDatabase } from "../server/db/start-database";
import { secureDataFolder } from "../server/files/secure-data-folder";
import { seedDemo } from "../server/demo/seed-demo";
import { forgetServerUrl, writeServerUrl } from "../server/web/server-url-file";
import { repoRoots } from "../server/workspace/repo-roots";
import { ALLOW_PRIVATE_URLS, privateUrlAllowList } from "../server/outbound/private-url-allow-list";
import { buildRunner, RUNNER_NODE_FLAGS } from "./build-runner";
import { ensureWebBuild } from "./web-build";

const ROOT = path.resolve(import.meta.dirname, "..");
const children: ChildProcess[] = [];
let shuttingDown = false;

async function main(): Promise<void> {
  const dir = dataDir();
  secureDataFolder(dir);
  const port = webPort();
  const slots = runnerSlots();
  const roots = repoRoots(); // a malformed SETPOINT_REPO_ROOTS stops the start here, before anything runs
  if (roots) say(`goals' repositories must be under SETPOINT_REPO_ROOTS: ${roots.entries.join(", ")}`);
  privateUrlAllowList(); // likewise a malformed SETPOINT_ALLOW_PRIVATE_URLS
  if (process.env[ALLOW_PRIVATE_URLS])
    say(`notifications and pull requests may call these private addresses (${ALLOW_PRIVATE_URLS}): ${process.env[ALLOW_PRIVATE_URLS]}`);

  const { url, stop: stopDatabase } = await startDatabase(dir, say);

  const { db, pool } = createDb(url, 2);
  // The first admin first: the CLI's token belongs to them.
  const admin = await ensureFirstAdmin(db, dir);
  const tokenFile = await ensureAdminToken(db, dir);
  const adopted = await adoptOwnerlessTokens(db);
  if (adopted.length) say(`tokens that belonged to nobody now act as the first admin: ${adopted.join(", ")}`);
  if (demoEnabled()) {
    const demo = await seedDemo(db, dir);
    if (demo && "seeded" in demo) say(`seeded the demo goal '${demo.seeded}' (driven by the scripted DEMO agent, no LLM involved)`);
    if (demo && "skipped" in demo) say(demo.skipped);
  }
  await db.$disconnect();
  await pool.end();

  // `npm run dev` serves the dashboard from its sources with hot reload instead of a production build.
  const dev = process.env.SETPOINT_DEV === "1";
  if (!dev) await ensureWebBuild(ROOT, say);
  const env = { ...process.env, DATABASE_URL: url, SETPOINT_DATA_DIR: dir };
  const web = spawnChild("web", [nextBin(), dev ? "dev" : "start", "-p", String(port)], env);
  children.push(web);
  if (slots > 0) children.push(spawnChild("runner", [...RUNNER_NODE_FLAGS, await buildRunner()], env));

  // The CLI reads where this server listens from the data folder, whatever PORT it was started with.
  const serverUrl = `http://localhost:${port}`;
  const urlFile = writeServerUrl(dir, serverUrl);
  say(`dashboard: ${serverUrl}/sign-in`);
  if (admin.created)
    say(
      `           sign in as admin with password ${fs.readFileSync(admin.passwordFile, "utf8").trim()}   (kept in ${admin.passwordFile}; change it with \`npx setpoint user passwd admin\`)`,
    );
  else if (fs.existsSync(admin.passwordFile)) say(`           the first admin's password is in ${admin.passwordFile}`);
  // From this folder the CLI finds both in the data folder; from elsewhere it needs them named.
  const dataSetting = process.env.SETPOINT_DATA_DIR ? `SETPOINT_DATA_DIR=${dir} ` : "";
  say(`CLI:       ${dataSetting}npx setpoint get goals   (this server's address is in ${urlFile}, the admin token in ${tokenFile})`);
  say(`           from another machine: SETPOINT_URL=http://<this host>:${port} and SETPOINT_TOKEN=<a token from Settings, API tokens>`);
  say(slots > 0 ? `runner:    ${slots} concurrent loop${slots === 1 ? "" : "s"}; add more with \`npm run runner\`` : "runner:    none (SETPOINT_RUNNERS=0)");

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${signal}: stopping (runners finish their current iteration first)`);
    // Runners first: an iteration finishing needs the database, and people watching it need the web server.
    await stopAll(children.filter((child) => child !== web));
    await stopAll([web]);
    forgetServerUrl(dir, serverUrl);
    await stopDatabase();
    say("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

function stopAll(some: ChildProcess[]): Promise<unknown> {
  for (const child of some) child.kill("SIGTERM");
  return Promise.all(some.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))));
}

function spawnChild(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
  child.on("exit", (code, signal) => {
    // 130 and 143: stopped by the Ctrl-C or SIGTERM that reached the whole process group.
    const stopped = signal === "SIGTERM" || signal === "SIGINT" || code === 130 || code === 143 || code === 0;
    if (!stopped || !shuttingDown) say(`${name} exited (${signal ?? `code ${code}`})`);
  });
  return child;
}

function nextBin(): string {
  return path.join(ROOT, "node_modules/next/dist/bin/next");
}

function say(line: string): void {
  console.log(`[setpoint] ${line}`);
}

main().catch((error) => {
  console.error(`[setpoint] could not start: ${(error as Error).message}`);
  for (const child of children) child.kill("SIGTERM");
  process.exit(1);
});
