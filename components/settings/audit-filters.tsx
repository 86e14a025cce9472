// The audit log's filters: a plain GET form, so a filtered view is an address to share or bookmark.
import Link from "next/link";

type Props = { values: Record<string, string>; problems: { field: string; message: string }[]; people: string[] };

const FIELDS = [
  { name: "actor", label: "Person", placeholder: "alice, system…", list: "audit-people" },
  { name: "goal", label: "Goal", placeholder: "a goal's name" },
  { name: "type", label: "Type", placeholder: "Approved, TokenCreated…" },
  { name: "from", label: "From (UTC)", type: "datetime-local" },
  { name: "to", label: "To (UTC)", type: "datetime-local" },
] as const;

export function AuditFilters({ values, problems, people }: Props) {
  return (
    <form method="get" action="/settings/audit" className="panel space-y-3 p-4" data-testid="audit-filters" aria-label="Filter the audit log">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {FIELDS.map((field) => {
          const problem = problems.find((candidate) => candidate.field === field.name);
          const id = `audit-${field.name}`;
          return (
            <div key={field.name}>
              <label htmlFor={id} className="field-label">
                {field.label}
              </label>
              <input
                id={id}
                name={field.name}
                className="input"
                type={"type" in field ? field.type : "text"}
                defaultValue={values[field.name] ?? ""}
                placeholder={"placeholder" in field ? field.placeholder : undefined}
                list={"list" in field ? field.list : undefined}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-error` : undefined}
                autoComplete="off"
                spellCheck={false}
              />
              {problem && (
                <p id={`${id}-error`} role="alert" className="field-error">
                  {field.label}: {problem.message}; not applied.
                </p>
              )}
            </div>
          );
        })}
      </div>
      <datalist id="audit-people">
        {["system", ...people].map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="flex items-center gap-2">
        <button type="submit" className="btn btn-primary">
          Filter
        </button>
        <Link href="/settings/audit" className="btn">
          Clear
        </Link>
        <span className="field-hint">A type matches an event&apos;s type or its reason (a decision is recorded as Queued, reason Approved).</span>
      </div>
    </form>
  );
}
