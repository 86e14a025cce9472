// The runner's side: a goal's secrets decrypted, for its commands' environment and for masking.
import type { PrismaClient } from "../generated/prisma/client";
import { openSecret } from "./secret-box";

// rows: the goal's GoalSecret rows, read with the goal (server/runner/load-goal-state.ts).
export function openGoalSecrets(rows: { name: string; ciphertext: string }[]): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const row of rows) {
    try {
      secrets[row.name] = openSecret(row.ciphertext);
    } catch (error) {
      throw new Error(`goal secret ${row.name}: ${(error as Error).message}`);
    }
  }
  return secrets;
}

// One secret by name, for a connection that needs it (a pull request's token, a notification's signing
// key); null when the goal has no secret of that name.
export async function openGoalSecret(db: PrismaClient, goalId: string, name: string): Promise<string | null> {
  const row = await db.goalSecret.findUnique({ where: { goalId_name: { goalId, name } }, select: { ciphertext: true } });
  if (!row) return null;
  try {
    return openSecret(row.ciphertext);
  } catch (error) {
    throw new Error(`goal secret ${name}: ${(error as Error).message}`);
  }
}
