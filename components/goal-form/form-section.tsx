"use client";
// One titled panel of the form; its id is what the side navigation links to. An advanced section can
// fold away behind its title (with a line saying what it holds); it opens by itself when it holds an
// error, or when the side navigation jumps to it.
import { useEffect, useState, type ReactNode } from "react";

type Props = {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  // Folds the section; `open` is how it starts, `summary` what it holds when folded.
  fold?: { open: boolean; summary: ReactNode; hasErrors: boolean };
};

export function FormSection({ id, title, description, children, fold }: Props) {
  const [open, setOpen] = useState(fold?.open ?? true);
  const hasErrors = fold?.hasErrors ?? false;
  useEffect(() => {
    if (hasErrors) setOpen(true);
  }, [hasErrors]);
  useEffect(() => {
    if (!fold) return;
    const openIfLinked = () => {
      if (window.location.hash === `#${id}`) setOpen(true);
    };
    window.addEventListener("hashchange", openIfLinked);
    return () => window.removeEventListener("hashchange", openIfLinked);
  }, [fold, id]);
  if (!fold) {
    return (
      <section id={id} aria-labelledby={`${id}-title`} className="panel scroll-mt-20 p-5">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
        <div className="mt-4">{children}</div>
      </section>
    );
  }
  return (
    <section id={id} aria-labelledby={`${id}-title`} data-open={open ? "true" : "false"} className="panel scroll-mt-20">
      <h2 id={`${id}-title`} className="text-base font-semibold">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => setOpen(!open)}
          className="flex w-full items-start gap-3 rounded-lg p-5 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-blue-600 dark:hover:bg-slate-900/60"
        >
          <span aria-hidden className={`mt-0.5 inline-block text-xs text-slate-500 transition-transform ${open ? "rotate-90" : ""}`}>
            ▶
          </span>
          <span className="min-w-0 flex-1">
            <span className="block">{title}</span>
            <span className="mt-0.5 block text-sm font-normal text-slate-600 dark:text-slate-400">{open ? description : fold.summary}</span>
          </span>
        </button>
      </h2>
      <div id={`${id}-body`} hidden={!open} className="px-5 pb-5">
        {children}
      </div>
    </section>
  );
}
