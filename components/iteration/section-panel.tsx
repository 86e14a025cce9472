// One titled panel of the iteration page; `id` makes it linkable and names it for screen readers.
import type { ReactNode } from "react";

export function SectionPanel({ id, title, aside, children }: { id: string; title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="panel scroll-mt-16">
      <header className="flex items-center gap-3 border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
        <h2 id={`${id}-title`} className="text-sm font-semibold">
          {title}
        </h2>
        {aside && <div className="ml-auto flex items-center gap-2 text-xs">{aside}</div>}
      </header>
      <div className="p-4">{children}</div>
    </section>
  );
}
