"use client";
// The board's and the fleet view's filter: a plain GET form (it works without JS and lands in the URL, so
// a filtered view can be shared); with JS the name filter applies as you type and a choice as soon as it
// is picked. `children`: a view's own fields; `keep`: URL parameters the view changes in place (the fleet
// view's sort and grouping), carried over when the filter changes.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, type FormEvent, type MouseEvent, type ReactNode } from "react";

const TYPING_DELAY_MS = 300;

export type FilterInput = { q: string; label: string; phase: string } & Record<string, string>;

export function BoardFilters({
  input,
  errors,
  phases,
  filtered,
  path = "/",
  keep = [],
  children,
}: {
  input: FilterInput;
  errors: { label?: string; phase?: string };
  phases: readonly string[];
  filtered: boolean;
  path?: string;
  keep?: readonly string[];
  children?: ReactNode;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  // The URL can change under the form (Clear, a label chip, back): show it, except in the field being typed in.
  // Only when the URL's values change: a live refresh must not undo what is being typed in another field.
  const shown = JSON.stringify(input);
  useEffect(() => {
    const fields = form.current?.elements;
    if (!fields) return;
    for (const [name, value] of Object.entries(input)) {
      const field = fields.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (field && field !== document.activeElement && field.value !== value) field.value = value;
    }
  }, [shown]);

  // Page cursors are left out on purpose: a new filter starts every column from the top.
  function go(search: URLSearchParams) {
    const current = new URLSearchParams(window.location.search);
    for (const key of keep) {
      const value = current.get(key);
      if (value) search.set(key, value);
    }
    const text = search.toString();
    router.replace(text ? `${path}?${text}` : path, { scroll: false });
  }

  function apply() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const search = new URLSearchParams();
    for (const [key, value] of new FormData(form.current!)) {
      const text = String(value).trim();
      if (text) search.set(key, text);
    }
    go(search);
  }

  function clear(event: MouseEvent) {
    event.preventDefault();
    go(new URLSearchParams());
  }

  function applySoon() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(apply, TYPING_DELAY_MS);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply();
  }

  return (
    <form ref={form} method="get" action={path} role="search" aria-label="Filter goals" onSubmit={submit} className="flex flex-wrap items-start gap-3">
      <div className="w-56">
        <label htmlFor="board-filter-text" className="field-label">
          Name contains
        </label>
        <input
          id="board-filter-text"
          data-testid="board-filter-text"
          name="q"
          type="search"
          defaultValue={input.q}
          placeholder="e.g. calculator"
          autoComplete="off"
          spellCheck={false}
          className="input"
          onChange={applySoon}
        />
      </div>
      <div className="w-64">
        <label htmlFor="board-filter-label" className="field-label">
          Label
        </label>
        <input
          id="board-filter-label"
          data-testid="board-filter-label"
          name="label"
          type="text"
          defaultValue={input.label}
          placeholder="key=value or key: team=core,env"
          autoComplete="off"
          spellCheck={false}
          className="input"
          aria-invalid={errors.label ? true : undefined}
          aria-describedby={errors.label ? "board-filter-label-error" : undefined}
        />
        {errors.label && (
          <p id="board-filter-label-error" className="field-error">
            {errors.label}
          </p>
        )}
      </div>
      <div className="w-48">
        <label htmlFor="board-filter-phase" className="field-label">
          Phase
        </label>
        <select
          id="board-filter-phase"
          data-testid="board-filter-phase"
          name="phase"
          defaultValue={phases.includes(input.phase) ? input.phase : ""}
          className="input"
          onChange={apply}
          aria-invalid={errors.phase ? true : undefined}
          aria-describedby={errors.phase ? "board-filter-phase-error" : undefined}
        >
          <option value="">Any phase</option>
          {phases.map((phase) => (
            <option key={phase} value={phase}>
              {phase}
            </option>
          ))}
        </select>
        {errors.phase && (
          <p id="board-filter-phase-error" className="field-error">
            {errors.phase}
          </p>
        )}
      </div>
      {children}
      <div className="flex gap-2 pt-6">
        <button type="submit" className="btn" data-testid="board-filter-apply">
          Filter
        </button>
        {filtered && (
          <Link href={path} className="btn" data-testid="board-filter-clear" scroll={false} onClick={clear}>
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
