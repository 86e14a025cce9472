// Where a goal's webhook listens (app/api/hooks/goals/[name]/route.ts).
export function webhookPath(name: string): string {
  return `/api/hooks/goals/${name}`;
}

// spec.triggers.webhook as stored; goals applied before triggers existed have none.
export function webhookEnabled(spec: unknown): boolean {
  return (spec as { triggers?: { webhook?: unknown } } | null)?.triggers?.webhook === true;
}
