// A long text (a log, the agent's output, a prompt) in a monospace block that scrolls instead of growing.
export function TextBlock({ text, empty, label, testId }: { text: string; empty: string; label: string; testId?: string }) {
  if (!text.trim())
    return (
      <p data-testid={testId} className="muted text-sm">
        {empty}
      </p>
    );
  return (
    <pre
      data-testid={testId}
      tabIndex={0}
      aria-label={label}
      className="max-h-[28rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 whitespace-pre-wrap break-words text-slate-800 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-200"
    >
      {text}
    </pre>
  );
}
