// The demo calculator goal as a starting point for the "new goal" form: the example manifest under a
// name no goal has yet, pointed at the seeded demo goal's repository when that goal exists, so the
// scripted demo agent (no LLM) can make it converge.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { PrismaClient } from "../generated/prisma/client";

// Bundled by Next, import.meta.dirname is not set; the web server runs from the project folder.
const ROOT = import.meta.dirname ? path.resolve(import.meta.dirname, "../..") : process.cwd();
const EXAMPLE = path.join(ROOT, "examples", "calculator-goal.yaml");
const SEEDED_NAME = "demo-calculator";

export type DemoExample = { manifest: Record<string, unknown>; seededRepo: string | null };

export async function readDemoExample(db: PrismaClient): Promise<DemoExample> {
  const manifest = parse(fs.readFileSync(EXAMPLE, "utf8")) as { metadata: { name: string }; spec: { workspace: { repo: string } } };
  const seeded = await db.goal.findUnique({ where: { name: SEEDED_NAME }, select: { spec: true } });
  const seededRepo = (seeded?.spec as { workspace?: { repo?: unknown } } | undefined)?.workspace?.repo;
  if (typeof seededRepo === "string") manifest.spec.workspace.repo = seededRepo;
  manifest.metadata.name = await freeName(db, `${SEEDED_NAME}-2`);
  return { manifest: manifest as unknown as Record<string, unknown>, seededRepo: typeof seededRepo === "string" ? seededRepo : null };
}

// demo-calculator-2, -3, …: the first one not taken.
async function freeName(db: PrismaClient, first: string): Promise<string> {
  const base = first.replace(/-\d+$/, "");
  const taken = new Set((await db.goal.findMany({ where: { name: { startsWith: `${base}-` } }, select: { name: true } })).map((goal) => goal.name));
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
