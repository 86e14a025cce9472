"use client";
// The fleet view in the browser: the summary strip, the toolbar (sort, group) and the table. The page
// arrives with its first screen of rows only, so it paints at once whatever the fleet's size; every row
// the filter matches is then read as JSON, and from there sorting and grouping happen in place and are
// written to the URL (so a view can be shared) without asking the server again. Live: the rows of goals
// that changed are read again and patched in.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { SummaryStrip } from "@/components/summary/summary-strip";
import { api } from "@/components/trpc-client";
import { arrangeFleet, type FleetItem } from "@/server/fleet/arrange-fleet";
import { formatGroup, formatSort, type Group, type Sort, type SortKey } from "@/server/fleet/fleet-query";
import type { FleetRow } from "@/server/fleet/read-fleet";
import type { Summary } from "@/server/fleet/summary";
import { FleetTable } from "./fleet-table";
import { FleetToolbar } from "./fleet-toolbar";
import { useFleetLive, type FleetFilterParams } from "./use-fleet-live";

const RETRY_MS = 3000;

export type FleetViewProps = {
  firstScreen: FleetItem[]; // the first items in the URL's order, rendered before the rest arrive
  itemCount: number; // how many items the whole list holds (rows, and group headers when grouped)
  matching: number;
  limit: number;
  summary: Summary;
  sparklines: Record<string, { at: string; values: number[] }>;
  sort: Sort;
  group: Group;
  filter: Omit<FleetFilterParams, "group">; // as the URL says, for the reads
  labelKeys: string[];
  now: number;
};

export function FleetView(props: FleetViewProps) {
  const router = useRouter();
  // Every row, once read; null until then. The server rendering the page again (a new filter, a Resync)
  // starts over.
  const [rows, setRows] = useState<FleetRow[] | null>(null);
  const [matching, setMatching] = useState(props.matching);
  const [summary, setSummary] = useState(props.summary);
  const [source, setSource] = useState(props.firstScreen);
  if (source !== props.firstScreen) {
    setSource(props.firstScreen);
    setRows(null);
    setMatching(props.matching);
    setSummary(props.summary);
  }
  const [sort, setSort] = useState(props.sort);
  const [group, setGroup] = useState(props.group);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const params = { ...props.filter, group: formatGroup(group) ?? "" };

  useEffect(() => {
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api.fleet.rows.query(params).then(
        (answer) => {
          if (cancelled) return;
          setRows(answer.rows);
          setMatching(answer.matching);
        },
        () => {
          if (!cancelled) retry = setTimeout(load, RETRY_MS);
        },
      );
    };
    load();
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
    // Read again only when the server rendered the page again; `params` is what that render was for.
  }, [props.firstScreen]);

  useFleetLive({
    params,
    ready: rows !== null,
    generation: props.firstScreen,
    onRows: useCallback((names: string[], fresh: FleetRow[]) => {
      const asked = new Set(names);
      setRows((current) => current && [...current.filter((row) => !asked.has(row.name)), ...fresh]);
    }, []),
    onSummary: setSummary,
  });

  const items = useMemo(() => (rows ? arrangeFleet(rows, sort, group, collapsed) : props.firstScreen), [rows, sort, group, collapsed, props.firstScreen]);

  const changeSort = useCallback((next: Sort) => {
    setSort(next);
    writeViewParams({ sort: formatSort(next) });
  }, []);
  const sortBy = useCallback((key: SortKey) => {
    setSort((current) => {
      const next = { key, descending: current.key === key ? !current.descending : false };
      writeViewParams({ sort: formatSort(next) });
      return next;
    });
  }, []);

  const changeGroup = (next: Group) => {
    setGroup(next);
    setCollapsed(new Set());
    writeViewParams({ group: formatGroup(next) });
    // A row carries its first labels only: when some have more, the server reads the grouped one for all.
    if (next?.by === "label" && rows?.some((row) => row.moreLabels > 0)) router.refresh();
  };

  const toggleGroup = useCallback((key: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);

  const groupKeys = items.flatMap((item) => (item.kind === "group" ? [item.group.key] : []));
  return (
    <>
      <SummaryStrip summary={summary} basePath="/fleet" now={props.now} />
      <FleetToolbar
        ready={rows !== null}
        shown={rows?.length ?? Math.min(matching, props.limit)}
        matching={matching}
        limit={props.limit}
        sort={sort}
        onSort={changeSort}
        group={group}
        onGroup={changeGroup}
        labelKeys={props.labelKeys}
        groups={rows && group ? groupKeys.length : 0}
        onCollapseAll={(fold) => setCollapsed(fold ? new Set(groupKeys) : new Set())}
      />
      <FleetTable
        items={items}
        count={rows ? items.length : props.itemCount}
        ready={rows !== null}
        sort={sort}
        onSort={sortBy}
        onToggle={toggleGroup}
        sparklines={props.sparklines}
        now={props.now}
      />
    </>
  );
}

// Sort and grouping live in the URL too, written in place: no navigation, no server render.
function writeViewParams(changes: Record<string, string | null>) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value) url.searchParams.set(key, value);
    else url.searchParams.delete(key);
  }
  window.history.replaceState(null, "", url);
}
