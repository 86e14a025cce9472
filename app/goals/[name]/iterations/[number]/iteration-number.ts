// The [number] of the URL as an iteration number, or null when it is not one (so the page says not found).
export function parseIterationNumber(text: string): number | null {
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}
