"use client";
// Keeps the fleet view live without re-rendering 2,000 rows on the server for every event: the goals
// named by the events of a short window are read again (their rows, under the view's filter) and patched
// in, with the summary strip. A burst too large for that, or a Resync, reloads the page's data instead.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useLiveEvents } from "@/components/live-events";
import { TRPCClientError } from "@trpc/client";
import { api } from "@/components/trpc-client";
import { CHANGED_ROWS } from "@/server/fleet/fleet-query";
import type { FleetRow } from "@/server/fleet/read-fleet";
import type { Summary } from "@/server/fleet/summary";

const WINDOW_MS = 250; // events of this long are read together
const RETRY_MS = 5000;
const SUMMARY_EVERY_MS = 60_000; // "the last hour" moves on without any event

export type FleetFilterParams = { q: string; label: string; phase: string; repo: string; executor: string; group: string };

// ready: every row has been read (events before that are kept for after). generation: changes whenever
// the page's data is replaced, so an answer for the old data is dropped.
export function useFleetLive({
  params,
  ready,
  generation,
  onRows,
  onSummary,
}: {
  params: FleetFilterParams;
  ready: boolean;
  generation: unknown;
  onRows: (names: string[], rows: FleetRow[]) => void;
  onSummary: (summary: Summary) => void;
}): void {
  const router = useRouter();
  const pending = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const busy = useRef(false);
  const latest = useRef({ params, ready, generation, onRows, onSummary });
  latest.current = { params, ready, generation, onRows, onSummary };

  const flush = async () => {
    timer.current = null;
    if (busy.current || !latest.current.ready || pending.current.size === 0) return;
    const names = [...pending.current];
    pending.current.clear();
    if (names.length > CHANGED_ROWS) {
      router.refresh();
      return;
    }
    busy.current = true;
    const asked = latest.current.generation;
    let delay = WINDOW_MS;
    try {
      const [answer, summary] = await Promise.all([api.fleet.rows.query({ names, ...latest.current.params }), api.fleet.summary.query()]);
      if (latest.current.generation !== asked) return;
      latest.current.onRows(names, answer.rows);
      latest.current.onSummary(summary);
    } catch (error) {
      // Unreachable: ask again a while later. Refused (a 4xx): asking again would not help.
      if (!isRefusal(error)) {
        for (const name of names) pending.current.add(name);
        delay = RETRY_MS;
      }
    } finally {
      busy.current = false;
      if (pending.current.size > 0) schedule(delay);
    }
  };

  const schedule = (delay = WINDOW_MS) => {
    if (!timer.current) timer.current = setTimeout(flush, delay);
  };

  useLiveEvents((event) => {
    if (event.type === "Resync") router.refresh();
    else if (event.goal) {
      // Events about people (users, tokens) name no goal.
      pending.current.add(event.goal);
      schedule();
    }
  });

  // Events that came while every row was being read.
  useEffect(() => {
    if (ready && pending.current.size > 0) schedule();
  });

  useEffect(() => {
    const interval = setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      const asked = latest.current.generation;
      const summary = await api.fleet.summary.query().catch(() => null);
      if (summary && latest.current.generation === asked) latest.current.onSummary(summary);
    }, SUMMARY_EVERY_MS);
    return () => {
      clearInterval(interval);
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);
}

function isRefusal(error: unknown): boolean {
  const status = error instanceof TRPCClientError ? (error.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
  return status !== undefined && status >= 400 && status < 500;
}
