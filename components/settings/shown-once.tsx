"use client";
// A secret the server made and will never show again (a password, a token, a webhook secret): shown
// here once, with a copy button, until the person dismisses it.
import { useState } from "react";

export function ShownOnce({ label, value, children, onDone }: { label: string; value: string; children?: React.ReactNode; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="status"
      data-testid="shown-once"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-50"
    >
      <p className="font-semibold">{label}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          data-testid="shown-once-value"
          className="min-w-0 break-all rounded bg-white px-2 py-1 font-mono text-[13px] text-slate-900 dark:bg-slate-900 dark:text-slate-100"
        >
          {value}
        </code>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {children && <div className="mt-2 text-emerald-900/90 dark:text-emerald-100/90">{children}</div>}
      <p className="mt-2 text-xs">
        Shown once: Setpoint keeps only a hash or a sealed copy.{" "}
        <button type="button" className="underline underline-offset-2" onClick={onDone}>
          Done
        </button>
      </p>
    </div>
  );
}
