// Above the fleet table: how many goals it holds, how they are sorted and grouped. Sorting and grouping
// wait (a moment) until every row has arrived.
import { FLEET_COLUMNS } from "./fleet-columns";
import { formatGroup, parseGroup, type Group, type Sort, type SortKey } from "@/server/fleet/fleet-query";

export function FleetToolbar({
  ready,
  shown,
  matching,
  limit,
  sort,
  onSort,
  group,
  onGroup,
  labelKeys,
  groups,
  onCollapseAll,
}: {
  ready: boolean;
  shown: number;
  matching: number;
  limit: number;
  sort: Sort;
  onSort: (sort: Sort) => void;
  group: Group;
  onGroup: (group: Group) => void;
  labelKeys: string[];
  groups: number;
  onCollapseAll: (fold: boolean) => void;
}) {
  const sortable = FLEET_COLUMNS.filter((column) => column.sort !== null);
  const groupValue = formatGroup(group) ?? "";
  // A label the URL names that no goal carries now still shows as picked.
  const keys = group?.by === "label" && !labelKeys.includes(group.key) ? [...labelKeys, group.key] : labelKeys;
  return (
    <div className="mb-2 flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
      <p className="muted text-sm" data-testid="fleet-count" data-ready={ready} aria-live="polite">
        {matching > shown
          ? `The ${shown.toLocaleString("en")} most recently changed of ${matching.toLocaleString("en")} goals (at most ${limit.toLocaleString("en")} at once): filter to see the others`
          : `${shown.toLocaleString("en")} ${shown === 1 ? "goal" : "goals"}${groups > 0 ? ` in ${groups.toLocaleString("en")} ${groups === 1 ? "group" : "groups"}` : ""}`}
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="fleet-group" className="field-label">
            Group by
          </label>
          <select
            id="fleet-group"
            data-testid="fleet-group-by"
            className="input w-44"
            value={groupValue}
            disabled={!ready}
            onChange={(event) => onGroup(parseGroup(event.target.value))}
          >
            <option value="">Nothing</option>
            <option value="repo">Repository</option>
            <option value="executor">Executor</option>
            <option value="phase">Phase</option>
            {keys.map((key) => (
              <option key={key} value={`label:${key}`}>
                Label: {key}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="fleet-sort" className="field-label">
            Sort by
          </label>
          <div className="flex gap-1">
            <select
              id="fleet-sort"
              data-testid="fleet-sort-by"
              className="input w-36"
              value={sort.key}
              disabled={!ready}
              onChange={(event) => onSort({ key: event.target.value as SortKey, descending: sort.descending })}
            >
              {sortable.map((column) => (
                <option key={column.key} value={column.sort!}>
                  {column.title}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn"
              data-testid="fleet-sort-direction"
              disabled={!ready}
              onClick={() => onSort({ ...sort, descending: !sort.descending })}
              aria-label={sort.descending ? "Descending: sort ascending instead" : "Ascending: sort descending instead"}
              title={sort.descending ? "Descending" : "Ascending"}
            >
              {sort.descending ? "↓" : "↑"}
            </button>
          </div>
        </div>
        {groups > 0 && (
          <div className="flex gap-1">
            <button type="button" className="btn" onClick={() => onCollapseAll(true)} data-testid="fleet-collapse-all">
              Fold all
            </button>
            <button type="button" className="btn" onClick={() => onCollapseAll(false)}>
              Open all
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
