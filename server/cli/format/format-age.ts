// Ages and durations the way kubectl shows them: one unit, rounded down (5s, 3m, 2h, 4d).
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "0s";
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

// How long ago a timestamp was; "-" when there is none or it cannot be read.
export function formatAge(since: string | null | undefined, now: Date): string {
  if (!since) return "-";
  const time = Date.parse(since);
  if (Number.isNaN(time)) return "-";
  return formatDuration(now.getTime() - time);
}
