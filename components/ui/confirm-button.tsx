"use client";
// A button for something that cannot be undone: it asks first, in place, and says what will happen.
import { useState } from "react";

type Props = { label: string; question: string; yes: string; busyLabel: string; busy: boolean; onConfirm: () => void; testId?: string; danger?: boolean };

export function ConfirmButton({ label, question, yes, busyLabel, busy, onConfirm, testId, danger = true }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={`btn btn-sm ${danger ? "btn-danger" : ""}`} data-testid={testId} disabled={busy} onClick={() => setAsking(true)}>
        {busy ? busyLabel : label}
      </button>
    );
  }
  return (
    <span
      role="group"
      aria-label={question}
      className="inline-flex flex-wrap items-center gap-2 rounded-md border border-red-300 bg-red-50 px-2 py-1 text-xs dark:border-red-800 dark:bg-red-950"
    >
      <span className="text-red-800 dark:text-red-200">{question}</span>
      <button
        type="button"
        className="btn btn-sm btn-danger"
        data-testid={testId ? `${testId}-confirm` : undefined}
        disabled={busy}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {yes}
      </button>
      <button type="button" className="btn btn-sm" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}
