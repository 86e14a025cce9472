// The settings pages and who may open each: the same permissions as the API behind them.
import { roleAllows, type Permission } from "../auth/roles";

export const SETTINGS_PAGES: { href: string; label: string; permission: Permission; about: string }[] = [
  { href: "/settings/users", label: "Users", permission: "admin", about: "Who signs in, with which role; add people, change roles, reset passwords." },
  {
    href: "/settings/tokens",
    label: "API tokens",
    permission: "admin",
    about: "Tokens for the CLI and CI, each acting as the person who made it; create and revoke them.",
  },
  { href: "/settings/audit", label: "Audit log", permission: "read", about: "Who did what and when, across goals, filtered by person, goal, type and time." },
];

export function settingsPagesFor(role: string) {
  return SETTINGS_PAGES.filter((page) => roleAllows(role, page.permission));
}
