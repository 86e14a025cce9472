// Set, list and delete a goal's secrets. Values are sealed before they reach Postgres and never
// leave this module in a read: a list gives names and who changed them when. Every change is an event
// on the goal naming the secret and who changed it, never its value.
import type { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import { lockGoal } from "../goals/lock-goal";
import { goalNotFound, UserError } from "../goals/user-error";
import { MIN_MASKED_LENGTH } from "./mask-secrets";
import { sealSecret } from "./secret-box";
import { secretName, secretValue } from "./secret-inputs";

export type SecretListing = { name: string; updatedAt: Date; updatedBy: string };
export type SecretSetResult = { goal: string; name: string; created: boolean; masked: boolean };

export async function setGoalSecret(db: PrismaClient, goal: string, input: { name: string; value: string }, actor: string): Promise<SecretSetResult> {
  const name = check(secretName, input.name, "name");
  const value = check(secretValue, input.value, "value");
  const ciphertext = sealSecret(value);
  return db.$transaction(async (tx) => {
    const row = await lockGoal(tx, goal);
    const key = { goalId_name: { goalId: row.id, name } };
    const created = (await tx.goalSecret.findUnique({ where: key, select: { name: true } })) === null;
    const data = { ciphertext, updatedAt: new Date(), updatedBy: actor };
    await tx.goalSecret.upsert({ where: key, create: { goalId: row.id, name, ...data }, update: data });
    await recordEvent(tx, {
      goalId: row.id,
      goalName: goal,
      type: "SecretSet",
      reason: created ? "Created" : "Updated",
      message: `secret ${name} ${created ? "set" : "changed"} by ${actor}; iterations from the next one on see it`,
      data: { secret: name },
      actor,
    });
    return { goal, name, created, masked: value.length >= MIN_MASKED_LENGTH };
  });
}

export async function listGoalSecrets(db: PrismaClient, goal: string): Promise<SecretListing[]> {
  const row = await db.goal.findUnique({ where: { name: goal }, select: { id: true } });
  if (!row) throw goalNotFound(goal);
  return db.goalSecret.findMany({ where: { goalId: row.id }, orderBy: { name: "asc" }, select: { name: true, updatedAt: true, updatedBy: true } });
}

export async function deleteGoalSecret(
  db: PrismaClient,
  goal: string,
  input: { name: string },
  actor: string,
): Promise<{ goal: string; name: string; deleted: true }> {
  const name = check(secretName, input.name, "name");
  return db.$transaction(async (tx) => {
    const row = await lockGoal(tx, goal);
    const { count } = await tx.goalSecret.deleteMany({ where: { goalId: row.id, name } });
    if (count === 0) throw new UserError("NOT_FOUND", `goal '${goal}' has no secret named ${name}`);
    await recordEvent(tx, {
      goalId: row.id,
      goalName: goal,
      type: "SecretDeleted",
      message: `secret ${name} deleted by ${actor}`,
      data: { secret: name },
      actor,
    });
    return { goal, name, deleted: true as const };
  });
}

// The API checks these too; the domain does again so no other door can store a bad one.
function check<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "is not valid";
  throw new UserError("BAD_REQUEST", `${field}: ${message}`, [{ path: field, message }]);
}
