"use client";
// "12 s ago", kept current; the exact time is in the tooltip. Rendered first on the server, so the
// first paint has the text and nothing jumps.
import { useEffect, useState } from "react";

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d`;
}

export function TimeAgo({ at, suffix = " ago", now }: { at: string | Date; suffix?: string; now?: number }) {
  const time = new Date(at).getTime();
  // The server's clock for the first paint (the browser's takes over after hydration).
  const [current, setCurrent] = useState(() => now ?? Date.now());
  useEffect(() => {
    setCurrent(Date.now());
    const timer = setInterval(() => setCurrent(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={new Date(time).toISOString()} title={`${new Date(time).toISOString().replace("T", " ").slice(0, 19)} UTC`} suppressHydrationWarning>
      {formatAge(current - time)}
      {suffix}
    </time>
  );
}
