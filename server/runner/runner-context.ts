// What every step of a runner works with: the database, who it is, its work folder, its log, and whom the
// goals' commands run as (a root runner's unprivileged users; null: the runner itself).
import type { PrismaClient } from "../generated/prisma/client";
import type { GoalUsers } from "./goal-user";

export type RunnerContext = { db: PrismaClient; runnerId: string; workDir: string; log: (line: string) => void; agentUsers: GoalUsers | null };
