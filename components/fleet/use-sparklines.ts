"use client";
// The sparklines of the rows on screen, read as they come into view (all 2,000 would cost more than the
// rest of the page) and kept per goal until its row changes. One request at a time; rows scrolled past
// while it runs are asked for next.
import { useEffect, useRef, useState } from "react";
import { SPARKLINE_NAMES } from "@/server/fleet/fleet-query";
import type { FleetRow } from "@/server/fleet/read-fleet";
import { api } from "@/components/trpc-client";

const SETTLE_MS = 80; // rows flown past in a fast scroll are not worth a request
const RETRY_MS = 5000;

type Kept = { at: string; values: number[] }; // at: the row's lastEventAt when it was read

export function useSparklines(visible: FleetRow[], initial: Record<string, { at: string; values: number[] }>): (row: FleetRow) => number[] | undefined {
  const [kept, setKept] = useState<Map<string, Kept>>(() => new Map(Object.entries(initial)));
  const busy = useRef(false);
  const [asked, setAsked] = useState(0); // bumped when a request ends, so what is still missing is asked for
  const missing = visible.filter((row) => kept.get(row.name)?.at !== row.lastEventAt);
  const wanted = missing.map((row) => `${row.name}@${row.lastEventAt}`).join(" ");

  useEffect(() => {
    if (!wanted || busy.current) return;
    const timer = setTimeout(async () => {
      busy.current = true;
      const rows = missing.slice(0, SPARKLINE_NAMES);
      try {
        const lines = await api.fleet.sparklines.query({ names: rows.map((row) => row.name) });
        setKept((previous) => {
          const next = new Map(previous);
          for (const row of rows) next.set(row.name, { at: row.lastEventAt, values: lines[row.name] ?? [] });
          return next;
        });
        busy.current = false;
        setAsked((count) => count + 1);
      } catch {
        // Offline or refused: the rows keep their placeholder, and are asked for again a while later.
        busy.current = false;
        setTimeout(() => setAsked((count) => count + 1), RETRY_MS);
      }
    }, SETTLE_MS);
    return () => clearTimeout(timer);
    // `missing` follows from `wanted`, which names every row it holds and when each last changed.
  }, [wanted, asked]);

  // A row that changed keeps its old line until the new one arrives, rather than flickering to a placeholder.
  return (row) => kept.get(row.name)?.values;
}
