// One titled panel of the form; its id is what the side navigation links to.
import type { ReactNode } from "react";

export function FormSection({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="panel scroll-mt-20 p-5">
      <h2 id={`${id}-title`} className="text-base font-semibold">{title}</h2>
      {description && <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}
