// The CLIs' JSON-lines output (Codex's --json, Gemini CLI's stream-json): one event object a line, named by
// its `type`; anything else on a line (a warning, a panic) is not an event.
export type JsonEvent = Record<string, unknown>;

export function parseJsonEvent(line: string): JsonEvent | null {
  const text = line.trim();
  if (!text.startsWith("{")) return null;
  try {
    const value = objectOf(JSON.parse(text));
    return typeof value.type === "string" ? value : null;
  } catch {
    return null;
  }
}

export function objectOf(value: unknown): JsonEvent {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonEvent) : {};
}

export function numberOr0(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
