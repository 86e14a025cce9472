// Who may do what. A role is a set of permissions; each tRPC procedure and page names the one it needs.
import { z } from "zod";

export const ROLES = ["viewer", "operator", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES, { error: `must be one of: ${ROLES.join(", ")}` });

export const PERMISSIONS = ["read", "operate", "approve", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Everyone signed in reads; operators run goals, approvers decide gates, admins do all of it.
const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: ["read"],
  operator: ["read", "operate"],
  approver: ["read", "approve"],
  admin: ["read", "operate", "approve", "admin"],
};

export function roleAllows(role: string, permission: Permission): boolean {
  return (GRANTS[role as Role] ?? []).includes(permission);
}

// Whether `role` may do everything `other` may: a person's tokens may not outgrow the person.
export function roleCovers(role: string, other: string): boolean {
  return (GRANTS[other as Role] ?? []).every((permission) => roleAllows(role, permission));
}

const WHAT: Record<Permission, string> = {
  read: "read goals",
  operate: "create, edit, run, pause or cancel goals, or set their secrets and webhooks",
  approve: "decide approval gates",
  admin: "manage users, tokens and settings",
};

export function refusalMessage(role: string, permission: Permission): string {
  const roles = ROLES.filter((candidate) => roleAllows(candidate, permission)).join(" or ");
  return `your role '${role}' may not ${WHAT[permission]}: that needs the ${roles} role`;
}
