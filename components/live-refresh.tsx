"use client";
// Re-renders the page's server components when an event concerns what the page shows. A burst of
// events costs one refresh, and at most one is in flight: events during a refresh cause one more after it.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import type { LiveEvent } from "@/server/live/live-event";
import { useLiveEvents } from "./live-events";

const DELAY_MS = 150;

export function LiveRefresh({ goal, everyMs }: { goal?: string; everyMs?: number }) {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  const busy = useRef(false);
  busy.current = refreshing;

  const schedule = () => {
    if (timer.current || busy.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      dirty.current = false;
      startTransition(() => router.refresh());
    }, DELAY_MS);
  };

  useLiveEvents((event: LiveEvent) => {
    if (goal && event.goal !== goal && event.type !== "Resync") return;
    dirty.current = true;
    schedule();
  });

  // Events that arrived while a refresh was in flight.
  useEffect(() => {
    if (!refreshing && dirty.current) schedule();
  });

  // Some things change without an event (a runner's heartbeat): refresh those pages on a slow clock too.
  useEffect(() => {
    if (!everyMs) return;
    const interval = setInterval(() => {
      if (document.visibilityState !== "visible") return;
      dirty.current = true;
      schedule();
    }, everyMs);
    return () => clearInterval(interval);
  }, [everyMs]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return null;
}
