"use client";
// The fleet table: only the rows in view (and a dozen on each side) are in the page, placed by TanStack
// Virtual as the window scrolls, so 2,000 goals scroll like 40. Every row is ROW_HEIGHT tall, so no row
// is measured. The server renders the first screen (initialRect) so the first paint has rows; until the
// rest arrive (`ready`), the list has its full height and the rows past the first screen wait blank.
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { FleetItem } from "@/server/fleet/arrange-fleet";
import type { Sort, SortKey } from "@/server/fleet/fleet-query";
import type { FleetRow as Row } from "@/server/fleet/read-fleet";
import { ROW_HEIGHT, WIDE_QUERY } from "./fleet-columns";
import { FleetGroupRow } from "./fleet-group-row";
import { FleetHeader } from "./fleet-header";
import { FleetRow } from "./fleet-row";
import { useMediaQuery } from "./use-media-query";
import { useSparklines } from "./use-sparklines";

const OVERSCAN = 12;
const CLOCK_MS = 10_000; // ages in a dense table move on every ten seconds
const FIRST_SCREEN = { width: 1440, height: 900 }; // what the server assumes before the browser says

export function FleetTable({
  items,
  count,
  ready,
  sort,
  onSort,
  onToggle,
  sparklines,
  now,
}: {
  items: FleetItem[];
  count: number;
  ready: boolean;
  sort: Sort;
  onSort: (key: SortKey) => void;
  onToggle: (key: string) => void;
  sparklines: Record<string, { at: string; values: number[] }>;
  now: number;
}) {
  const wide = useMediaQuery(WIDE_QUERY, true);
  const [clock, setClock] = useState(now); // the server's clock for the first paint, then the browser's
  useEffect(() => {
    setClock(Date.now());
    const timer = setInterval(() => setClock(Date.now()), CLOCK_MS);
    return () => clearInterval(timer);
  }, []);
  const list = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0); // the list's distance from the top of the document
  const [stickyTop, setStickyTop] = useState(0); // below the site's own sticky header
  useLayoutEffect(() => {
    const measure = () => {
      if (!list.current) return;
      const listTop = Math.round(list.current.getBoundingClientRect().top + window.scrollY);
      const header = document.querySelector("body > header")?.getBoundingClientRect().height ?? 0;
      setTop((current) => (current === listTop ? current : listTop));
      setStickyTop((current) => (current === header ? current : header));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  // The same function until the items change: a new one makes the virtualizer place all 2,000 rows again.
  const itemKey = useCallback((index: number) => keyOf(items[index], index), [items]);
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize: rowHeight,
    overscan: OVERSCAN,
    scrollMargin: top,
    initialRect: FIRST_SCREEN,
    getItemKey: itemKey,
    // Rows are placed in the next frame rather than inside the scroll event: a fast scroll stays smooth,
    // and the overscan covers the few pixels it runs ahead.
    useFlushSync: false,
  });
  const shown = virtualizer.getVirtualItems();
  const visible = shown.flatMap((entry) => {
    const item = items[entry.index];
    return item?.kind === "row" ? [item.row] : [];
  });
  const sparkline = useSparklines(visible, sparklines);

  return (
    <div role="table" aria-label="Goals" aria-rowcount={count + 1} aria-busy={!ready} data-testid="fleet-table" className="panel">
      {wide && <FleetHeader sort={sort} onSort={onSort} top={stickyTop} ready={ready} />}
      {count === 0 ? (
        <p data-testid="fleet-empty" className="px-4 py-10 text-center text-sm text-slate-500 dark:text-slate-400">
          No goal matches this filter.
        </p>
      ) : (
        <div ref={list} role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {shown.map((entry) => {
            const item = items[entry.index];
            if (!item)
              return (
                <div
                  key={entry.key}
                  aria-hidden
                  className="absolute left-0 w-full border-b border-slate-100 dark:border-slate-800/70"
                  style={{ height: ROW_HEIGHT, top: entry.start - top }}
                />
              );
            return (
              // Contained: a row entering the screen is laid out and painted on its own (a third of a frame's paint).
              <div key={entry.key} className="absolute left-0 w-full" style={{ height: ROW_HEIGHT, top: entry.start - top, contain: "strict" }}>
                {item.kind === "group" ? (
                  <FleetGroupRow group={item.group} collapsed={item.collapsed} onToggle={onToggle} index={entry.index + 2} />
                ) : (
                  <FleetRow row={item.row} sparkline={sparkline(item.row)} wide={wide} now={clock} index={entry.index + 2} />
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function rowHeight(): number {
  return ROW_HEIGHT;
}

function keyOf(item: FleetItem | undefined, index: number): string {
  if (!item) return `waiting:${index}`;
  return item.kind === "group" ? `group:${item.group.key}` : (item.row as Row).name;
}
