// A labelled control for the settings forms, with its hint and the server's problem with it.
import type { ReactElement, ReactNode } from "react";
import { cloneElement } from "react";

type Props = { id: string; label: string; hint?: ReactNode; error?: string; className?: string; children: ReactElement<Record<string, unknown>> };

export function Field({ id, label, hint, error, className, children }: Props) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {cloneElement(children, { id, "aria-invalid": error ? true : undefined, "aria-describedby": described })}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
