// People who sign in to the dashboard: add, list, change role or password, remove.
import type { PrismaClient } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import { UserError } from "../goals/user-error";
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./passwords";
import { ROLES, roleCovers, type Role } from "./roles";

export type UserView = { name: string; role: string; createdAt: Date; disabled: boolean; sessions: number };

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UserError("BAD_REQUEST", `password: must be at least ${MIN_PASSWORD_LENGTH} characters`, [
      { path: "password", message: `must be at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new UserError("BAD_REQUEST", `password: must be at most ${MAX_PASSWORD_LENGTH} characters`, [
      { path: "password", message: `must be at most ${MAX_PASSWORD_LENGTH} characters` },
    ]);
}

// Without a password, one is generated and returned: it is shown once and stored only hashed.
export async function addUser(
  db: PrismaClient,
  input: { name: string; role: Role; password?: string },
  actor: string,
): Promise<{ name: string; role: Role; password?: string }> {
  const password = input.password ?? generatePassword();
  checkPassword(password);
  if (await db.user.findUnique({ where: { name: input.name } }))
    throw new UserError("CONFLICT", `user '${input.name}' already exists (change it with 'user set-role' or 'user passwd')`);
  // The first start's own admin token shares the first admin's name: it is that person's CLI.
  if (await db.apiToken.findFirst({ where: { name: input.name, revokedAt: null, createdBy: { not: null } }, select: { id: true } })) {
    throw new UserError(
      "CONFLICT",
      `'${input.name}' is the name of an API token: a person named so would share its events and four-eyes checks; pick another name or revoke the token`,
    );
  }
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.create({ data: { name: input.name, role: input.role, passwordHash } });
    await recordAudit(tx, "UserAdded", `user '${input.name}' added with role ${input.role}`, actor, { user: input.name, role: input.role });
  });
  return { name: input.name, role: input.role, password: input.password ? undefined : password };
}

export async function listUsers(db: PrismaClient): Promise<UserView[]> {
  const now = new Date();
  const users = await db.user.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } } });
  return users.map((user) => ({
    name: user.name,
    role: user.role,
    createdAt: user.createdAt,
    disabled: user.disabledAt !== null,
    sessions: user._count.sessions,
  }));
}

// A person's tokens act as them, so a token whose role the new one does not cover is revoked with the change.
export async function setUserRole(db: PrismaClient, name: string, role: Role, actor: string): Promise<UserView & { revokedTokens: string[] }> {
  const beyond = ROLES.filter((other) => !roleCovers(role, other));
  const revokedTokens = await db.$transaction(async (tx) => {
    const live = { owner: { name }, revokedAt: null, role: { in: [...beyond] } };
    const tokens = (await tx.apiToken.findMany({ where: live, select: { name: true }, orderBy: { name: "asc" } })).map((token) => token.name);
    await tx.apiToken.updateMany({ where: live, data: { revokedAt: new Date() } });
    const revoked = tokens.length
      ? `; their token${tokens.length === 1 ? "" : "s"} ${tokens.join(", ")} outgrew it and ${tokens.length === 1 ? "was" : "were"} revoked`
      : "";
    await changeUserIn(
      tx,
      name,
      { role },
      "UserRoleChanged",
      `user '${name}' now has role ${role}${revoked}`,
      actor,
      tokens.length ? { revokedTokens: tokens } : {},
    );
    return tokens;
  });
  return { ...(await listUsers(db)).find((user) => user.name === name)!, revokedTokens };
}

// A new password also ends the user's sessions: whoever knew the old one is signed out.
export async function setUserPassword(
  db: PrismaClient,
  name: string,
  password: string | undefined,
  actor: string,
): Promise<{ name: string; password?: string }> {
  const chosen = password ?? generatePassword();
  checkPassword(chosen);
  const passwordHash = await hashPassword(chosen);
  await changeUser(db, name, { passwordHash }, "UserPasswordChanged", `user '${name}' has a new password; their sessions ended`, actor);
  await db.session.deleteMany({ where: { user: { name } } });
  return { name, password: password ? undefined : chosen };
}

// Their sessions and tokens go with them (the rows cascade).
export async function removeUser(db: PrismaClient, name: string, actor: string): Promise<{ name: string; removedTokens: number }> {
  if (name === actor) throw new UserError("BAD_REQUEST", "you cannot remove yourself; ask another admin");
  return db.$transaction(async (tx) => {
    const removedTokens = await tx.apiToken.count({ where: { owner: { name }, revokedAt: null } });
    const removed = await tx.user.deleteMany({ where: { name } });
    if (removed.count === 0) throw userNotFound(name);
    const tokens = removedTokens ? ` with their ${removedTokens} live token${removedTokens === 1 ? "" : "s"}` : "";
    await recordAudit(tx, "UserRemoved", `user '${name}' removed${tokens}`, actor, { user: name, removedTokens });
    return { name, removedTokens };
  });
}

async function changeUser(db: PrismaClient, name: string, data: { role?: string; passwordHash?: string }, type: string, message: string, actor: string) {
  await db.$transaction((tx) => changeUserIn(tx, name, data, type, message, actor));
}

async function changeUserIn(
  tx: Tx,
  name: string,
  data: { role?: string; passwordHash?: string },
  type: string,
  message: string,
  actor: string,
  extra: Record<string, unknown> = {},
) {
  const changed = await tx.user.updateMany({ where: { name }, data });
  if (changed.count === 0) throw userNotFound(name);
  await recordAudit(tx, type, message, actor, { user: name, ...(data.role ? { role: data.role } : {}), ...extra });
}

function userNotFound(name: string): UserError {
  return new UserError("NOT_FOUND", `user '${name}' not found`);
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Changes to people and tokens are audit events too; they belong to no goal.
export async function recordAudit(tx: Tx, type: string, message: string, actor: string, data: Record<string, unknown>): Promise<bigint> {
  return recordEvent(tx, { goalId: null, goalName: "", type, reason: type, message, actor, data });
}
