// A table's header row in the dashboard's style; a column given as { hidden } is named for screen readers only.
type Column = string | { label: string; hidden?: boolean; right?: boolean };

export function TableHead({ columns, cell = "px-4 py-2.5" }: { columns: Column[]; cell?: string }) {
  return (
    <thead>
      <tr className="border-b border-slate-200 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
        {columns.map((column) => {
          const { label, hidden, right } = typeof column === "string" ? { label: column, hidden: false, right: false } : column;
          return (
            <th key={label} scope="col" className={`${cell} ${right ? "text-right" : ""}`}>
              {hidden ? <span className="sr-only">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
