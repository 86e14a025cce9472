"use client";
// The board's filter: a plain GET form (it works without JS and lands in the URL, so a filtered board can
// be shared); with JS the name filter applies as you type and the phase as soon as it is picked.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, type FormEvent } from "react";

const TYPING_DELAY_MS = 300;

export type FilterInput = { q: string; label: string; phase: string };

export function BoardFilters({ input, errors, phases, filtered }: {
  input: FilterInput;
  errors: { label?: string; phase?: string };
  phases: readonly string[];
  filtered: boolean;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  // The URL can change under the form (Clear, a label chip, back): show it, except in the field being typed in.
  useEffect(() => {
    const fields = form.current?.elements;
    if (!fields) return;
    for (const [name, value] of Object.entries(input)) {
      const field = fields.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
      if (field && field !== document.activeElement && field.value !== value) field.value = value;
    }
  }, [input.q, input.label, input.phase]);

  // Page cursors are left out on purpose: a new filter starts every column from the top.
  function apply() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const data = new FormData(form.current!);
    const search = new URLSearchParams();
    for (const key of ["q", "label", "phase"]) {
      const value = String(data.get(key) ?? "").trim();
      if (value) search.set(key, value);
    }
    const text = search.toString();
    router.replace(text ? `/?${text}` : "/", { scroll: false });
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
    <form ref={form} method="get" action="/" role="search" aria-label="Filter goals" onSubmit={submit} className="flex flex-wrap items-start gap-3">
      <div className="w-56">
        <label htmlFor="board-filter-text" className="field-label">Name contains</label>
        <input
          id="board-filter-text" data-testid="board-filter-text" name="q" type="search" defaultValue={input.q}
          placeholder="e.g. calculator" autoComplete="off" spellCheck={false} className="input" onChange={applySoon}
        />
      </div>
      <div className="w-64">
        <label htmlFor="board-filter-label" className="field-label">Label</label>
        <input
          id="board-filter-label" data-testid="board-filter-label" name="label" type="text" defaultValue={input.label}
          placeholder="key=value, e.g. team=core" autoComplete="off" spellCheck={false} className="input"
          aria-invalid={errors.label ? true : undefined} aria-describedby={errors.label ? "board-filter-label-error" : undefined}
        />
        {errors.label && <p id="board-filter-label-error" className="field-error">{errors.label}</p>}
      </div>
      <div className="w-48">
        <label htmlFor="board-filter-phase" className="field-label">Phase</label>
        <select
          id="board-filter-phase" data-testid="board-filter-phase" name="phase" defaultValue={phases.includes(input.phase) ? input.phase : ""}
          className="input" onChange={apply}
          aria-invalid={errors.phase ? true : undefined} aria-describedby={errors.phase ? "board-filter-phase-error" : undefined}
        >
          <option value="">Any phase</option>
          {phases.map((phase) => <option key={phase} value={phase}>{phase}</option>)}
        </select>
        {errors.phase && <p id="board-filter-phase-error" className="field-error">{errors.phase}</p>}
      </div>
      <div className="flex gap-2 pt-6">
        <button type="submit" className="btn" data-testid="board-filter-apply">Filter</button>
        {filtered && <Link href="/" className="btn" data-testid="board-filter-clear" scroll={false}>Clear</Link>}
      </div>
    </form>
  );
}
