"use client";
// Re-renders the page's server components when an event concerns what the page shows. Refreshes are
// coalesced: a burst of events costs one re-render, at most one in flight, within ~200 ms of the first.
import { useRouter } from "next/navigation";
import { useRef } from "react";
import type { LiveEvent } from "@/server/live/live-event";
import { useLiveEvents } from "./live-events";

const DELAY_MS = 150;

export function LiveRefresh({ goal }: { goal?: string }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvents((event: LiveEvent) => {
    if (goal && event.goal !== goal && event.type !== "Resync") return;
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      router.refresh();
    }, DELAY_MS);
  });
  return null;
}
