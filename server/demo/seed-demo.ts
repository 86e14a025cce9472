// The first start seeds a demo goal: the sample repository from examples/ is copied into the data
// folder, made a git repository, and a goal driven by the (scripted, LLM-free) demo agent is applied.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { PrismaClient } from "../generated/prisma/client";
import { applyGoal, validateManifest } from "../goals/apply-goal";
import { repoOutsideRoots, repoRoots } from "../workspace/repo-roots";
import { runGit } from "../workspace/run-git";

const EXAMPLES = path.resolve(import.meta.dirname, "../../examples");
const SEEDED_MARKER = "demo-seeded";

// Resolves with the goal's name when it seeded one, or a line saying why it did not.
export async function seedDemo(db: PrismaClient, dataDir: string): Promise<{ seeded: string } | { skipped: string } | null> {
  const marker = path.join(dataDir, SEEDED_MARKER);
  if (fs.existsSync(marker)) return null;
  const repo = path.join(dataDir, "demo", "calculator");
  const outside = repoOutsideRoots(repo, repoRoots());
  if (outside) return { skipped: `the demo goal was not seeded: its repository ${outside}` };
  await createSampleRepository(repo);
  const manifest = parse(fs.readFileSync(path.join(EXAMPLES, "calculator-goal.yaml"), "utf8"));
  manifest.spec.workspace.repo = repo;
  const goal = validateManifest(manifest);
  await applyGoal(db, goal, "demo-seed");
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  return { seeded: goal.metadata.name };
}

export async function createSampleRepository(repo: string): Promise<void> {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(repo), { recursive: true });
  fs.cpSync(path.join(EXAMPLES, "calculator"), repo, { recursive: true });
  await runGit(["init", "--quiet", "--initial-branch=main"], { cwd: repo });
  await runGit(["add", "-A"], { cwd: repo });
  await runGit(["commit", "--quiet", "-m", "Sample calculator with known bugs (Setpoint demo)"], { cwd: repo });
}
