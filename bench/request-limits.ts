// The web server under the requests issue 16 reported, from signed-in callers: three concurrent 300 MB
// `spec.validate` bodies from a viewer, a 20-call `goals.list` batch over 10,000 goals, and a goal with
// 100,000 labels and a 20 MB intent followed by a look at the board. Prints each answer and the web
// server's peak resident memory during it. Runs against a server that is already up:
//
//   PORT=4391 SETPOINT_DATA_DIR=/tmp/x SETPOINT_RUNNERS=0 SETPOINT_DEMO=0 npm start     # in one shell
//   node --import tsx bench/request-limits.ts http://127.0.0.1:4391 /tmp/x              # in another
//
// It adds 10,000 goals to that server's database: use a throwaway data folder.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const [baseUrl = "http://127.0.0.1:3000", dataDir = ".data"] = process.argv.slice(2);
const MB = 1024 * 1024;

async function main(): Promise<void> {
  const adminToken = fs.readFileSync(path.join(dataDir, "admin-token"), "utf8").trim();
  const web = webServerPids(dataDir);
  console.log(`web server: ${baseUrl}, processes ${web.join(", ")}; resident now ${rssMb(web).toFixed(0)} MB`);
  const viewer = await call(adminToken, "tokens.create", { name: `bench-viewer-${Date.now()}`, role: "viewer", expiresInDays: 1 });
  const viewerToken = (viewer.body as { result: { data: { token: string } } }).result.data.token;

  await measure(web, "3 × 300 MB spec.validate bodies from a viewer, at once", async () => {
    const answers = await Promise.all([0, 1, 2].map(() => postStream(viewerToken, "spec.validate", 300 * MB)));
    return answers.join("; ");
  });

  await seedGoals(adminToken, 10_000);
  const listBatch = (calls: number, input: Record<string, unknown>) => async () => {
    const paths = Array.from({ length: calls }, () => "goals.list").join(",");
    const inputs = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, index) => [index, input]))));
    const answer = await fetch(`${baseUrl}/api/trpc/${paths}?batch=1&input=${inputs}`, { headers: { authorization: `Bearer ${viewerToken}` } });
    const size = (await answer.arrayBuffer()).byteLength;
    return `${answer.status}, request ${paths.length + inputs.length} bytes of URL, response ${(size / MB).toFixed(1)} MB`;
  };
  await measure(web, "a batch of 20 × goals.list over 10,000 goals", listBatch(20, {}));
  await measure(web, "a batch of 10 × goals.list with limit 500 over 10,000 goals (the most a batch may ask)", listBatch(10, { limit: 500 }));

  await measure(web, "a goal with 100,000 labels and a 20 MB intent, applied by an operator", async () => {
    const labels = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`l${index}`, "v"]));
    const answer = await call(adminToken, "goals.applyManifests", { manifests: [manifest("bench-huge", "x".repeat(20 * MB), labels)] });
    return `${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`;
  });
  await measure(web, "the same goal within the request limit (65 labels, a 70 KiB intent)", async () => {
    const labels = Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`l${index}`, "v"]));
    const answer = await call(adminToken, "goals.applyManifests", { manifests: [manifest("bench-big", "x".repeat(70 * 1024), labels)] });
    return `${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`;
  });
  const cookie = await signInCookie();
  await measure(web, "the board page, signed in", async () => {
    const answer = await fetch(`${baseUrl}/`, { headers: { cookie } });
    const size = (await answer.arrayBuffer()).byteLength;
    return `${answer.status}, ${(size / 1024).toFixed(0)} KiB of HTML`;
  });
}

// Resets the kernel's high-water mark of each process, runs `what`, and reports the peak since.
async function measure(pids: number[], title: string, what: () => Promise<string>): Promise<void> {
  for (const pid of pids) fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
  const before = rssMb(pids);
  const started = performance.now();
  const outcome = await what();
  const seconds = (performance.now() - started) / 1000;
  const peak = pids.reduce((sum, pid) => sum + kb(pid, "VmHWM"), 0) / 1024;
  console.log(`\n${title}\n  answer: ${outcome}\n  ${seconds.toFixed(1)} s; web server resident ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB`);
}

// A JSON body of `bytes` sent as a stream, so this process never holds it.
async function postStream(token: string, procedure: string, bytes: number): Promise<string> {
  const head = new TextEncoder().encode('{"manifest":"');
  const tail = new TextEncoder().encode('"}');
  const chunk = new Uint8Array(MB).fill(0x61);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(head);
      if (sent >= bytes) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  try {
    const answer = await fetch(`${baseUrl}/api/trpc/${procedure}`, {
      method: "POST",
      body,
      duplex: "half",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    } as RequestInit);
    const text = await answer.text();
    return `${answer.status} after ${(sent / MB).toFixed(0)} MB sent: ${text.slice(0, 160)}`;
  } catch (error) {
    return `connection ended after ${(sent / MB).toFixed(0)} MB sent (${(error as Error).cause ?? (error as Error).message})`;
  }
}

async function call(token: string, procedure: string, input: unknown): Promise<{ status: number; body: unknown }> {
  const answer = await fetch(`${baseUrl}/api/trpc/${procedure}`, {
    method: "POST",
    body: JSON.stringify(input),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  const text = await answer.text();
  try {
    return { status: answer.status, body: JSON.parse(text) };
  } catch {
    return { status: answer.status, body: text.slice(0, 300) };
  }
}

function manifest(name: string, intent: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: "setpoint.dev/v1",
    kind: "Goal",
    metadata: { name, labels },
    spec: {
      intent,
      workspace: { repo: "/tmp" },
      agent: { executor: "demo" },
      metrics: [{ metric: "t.ok", target: "== 1" }],
      evaluation: { layers: [{ name: "t", run: "true" }] },
    },
  };
}

// One goal applied through the API, copied in SQL, as the dashboard benchmark seeds its goals.
async function seedGoals(token: string, count: number): Promise<void> {
  const applied = await call(token, "goals.applyManifests", { manifests: [manifest("bench-seed", "Make every test pass.", { team: "bench" })] });
  if (applied.status !== 200) throw new Error(`applying the seed goal failed: ${applied.status} ${JSON.stringify(applied.body)}`);
  const client = new pg.Client({ connectionString: fs.readFileSync(path.join(dataDir, "database.url"), "utf8").trim() });
  await client.connect();
  await client.query(
    `
    INSERT INTO "Goal" (id, name, labels, spec, phase, reason, message, "lastEventAt", "updatedAt")
    SELECT gen_random_uuid(), 'bench-seed-' || n, g.labels, g.spec, 'Paused', 'Seeded', 'seeded by bench/request-limits.ts', now(), now()
    FROM "Goal" g CROSS JOIN generate_series(1, $1::int - 1) AS n WHERE g.name = 'bench-seed'
    ON CONFLICT (name) DO NOTHING`,
    [count],
  );
  await client.end();
}

async function signInCookie(): Promise<string> {
  const password = fs.readFileSync(path.join(dataDir, "admin-password"), "utf8").trim();
  const answer = await fetch(`${baseUrl}/api/session`, { method: "POST", body: new URLSearchParams({ name: "admin", password }), redirect: "manual" });
  const cookie = answer.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`signing in as admin failed: ${answer.status}`);
  return cookie;
}

// `npm start`'s web server: `next start` (renamed next-server) and anything it started, found by the data folder.
function webServerPids(dir: string): number[] {
  const wanted = `SETPOINT_DATA_DIR=${dir}`;
  return fs
    .readdirSync("/proc")
    .map(Number)
    .filter((pid) => {
      if (!Number.isInteger(pid)) return false;
      try {
        const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return environ.includes(wanted) && /next-server|next\/dist\/bin\/next/.test(command);
      } catch {
        return false;
      }
    });
}

function rssMb(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + kb(pid, "VmRSS"), 0) / 1024;
}

function kb(pid: number, field: string): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

await main();
