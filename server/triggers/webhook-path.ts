import { parsedSpecOrNull } from "../goals/parsed-spec";

// Where a goal's webhook listens (app/api/hooks/goals/[name]/route.ts).
export function webhookPath(name: string): string {
  return `/api/hooks/goals/${name}`;
}

// spec.triggers.webhook, read through the schema (off unless a spec says so, and for a spec it refuses).
export function webhookEnabled(goal: { id: string; generation: number; spec: unknown }): boolean {
  return parsedSpecOrNull(goal)?.triggers.webhook === true;
}
