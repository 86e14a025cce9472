// What live viewers receive: the NOTIFY payload of an event row (see server/events/record-event.ts),
// or a Resync after the web server lost its LISTEN connection and may have missed some.
export type LiveEvent = { id: string; goal: string; type: string; reason: string };

export const RESYNC: LiveEvent = { id: "", goal: "", type: "Resync", reason: "" };

export function parseLiveEvent(payload: string): LiveEvent | null {
  try {
    const value = JSON.parse(payload) as Partial<LiveEvent>;
    if (typeof value.id !== "string" || typeof value.goal !== "string" || typeof value.type !== "string") return null;
    return { id: value.id, goal: value.goal, type: value.type, reason: typeof value.reason === "string" ? value.reason : "" };
  } catch {
    return null;
  }
}
