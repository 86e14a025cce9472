"use client";
// The manifest as YAML, editable, with each problem listed by line (a click puts the cursor there).
import { useRef } from "react";
import type { YamlError } from "./yaml-manifest";

const LINE_HEIGHT = 20;

type Props = { text: string; errors: YamlError[]; onChange: (text: string) => void; onDiscard: (() => void) | null; stored?: boolean };

export function YamlTab({ text, errors, onChange, onDiscard, stored }: Props) {
  const editor = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = text.split("\n").length;
  const errorLines = new Set(errors.map((error) => error.line).filter((line): line is number => line !== null));

  const goToLine = (line: number) => {
    const textarea = editor.current;
    if (!textarea) return;
    const start = text
      .split("\n")
      .slice(0, line - 1)
      .reduce((sum, row) => sum + row.length + 1, 0);
    const end = start + (text.split("\n")[line - 1]?.length ?? 0);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    textarea.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
  };

  return (
    <div className="space-y-3">
      {errors.length > 0 && (
        <div role="alert" data-testid="yaml-errors" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/50">
          <p className="font-medium text-red-800 dark:text-red-200">
            {errors.length === 1 ? "The YAML has a problem" : `The YAML has ${errors.length} problems`}; fix {errors.length === 1 ? "it" : "them"} to go back to
            the form or to save.
          </p>
          <ul className="mt-2 space-y-1">
            {errors.map((error, index) => (
              <li
                key={index}
                data-testid="yaml-error"
                data-line={error.line ?? ""}
                data-path={error.path}
                className="flex gap-2 text-red-800 dark:text-red-200"
              >
                {error.line !== null ? (
                  <button
                    type="button"
                    className="shrink-0 rounded font-mono text-xs font-semibold underline underline-offset-2 hover:text-red-950 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:text-white"
                    onClick={() => goToLine(error.line!)}
                  >
                    Line {error.line}
                  </button>
                ) : (
                  <span className="shrink-0 font-mono text-xs font-semibold">—</span>
                )}
                <span>
                  {error.path && <code className="code-inline mr-1">{error.path}</code>}
                  {error.message}
                </span>
              </li>
            ))}
          </ul>
          {onDiscard && (
            <button type="button" className="btn btn-sm mt-3" onClick={onDiscard}>
              Discard YAML edits and return to the form
            </button>
          )}
        </div>
      )}
      <div>
        <label htmlFor="yaml-editor" className="field-label">
          YAML manifest
        </label>
        <div className="flex overflow-hidden rounded-md border border-slate-300 bg-white focus-within:outline-2 focus-within:outline-offset-1 focus-within:outline-blue-600 dark:border-slate-700 dark:bg-slate-950">
          <div
            ref={gutter}
            aria-hidden
            className="h-[32rem] shrink-0 select-none overflow-hidden border-r border-slate-200 bg-slate-50 py-2 text-right font-mono text-[13px] text-slate-400 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-500"
          >
            {Array.from({ length: lineCount }, (_, index) => (
              <div
                key={index}
                style={{ height: LINE_HEIGHT, lineHeight: `${LINE_HEIGHT}px` }}
                className={`px-2 tabular-nums ${errorLines.has(index + 1) ? "bg-red-100 font-semibold text-red-700 dark:bg-red-950 dark:text-red-300" : ""}`}
              >
                {index + 1}
              </div>
            ))}
            <div style={{ height: 200 }} />
          </div>
          <textarea
            id="yaml-editor"
            ref={editor}
            data-testid="yaml-editor"
            value={text}
            wrap="off"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby="yaml-editor-hint"
            onChange={(event) => onChange(event.target.value)}
            onScroll={(event) => {
              if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
            }}
            style={{ lineHeight: `${LINE_HEIGHT}px` }}
            className="h-[32rem] min-w-0 flex-1 resize-none bg-transparent px-3 py-2 font-mono text-[13px] text-slate-900 outline-none dark:text-slate-100"
          />
        </div>
        <p id="yaml-editor-hint" className="field-hint">
          The same manifest <code className="code-inline">setpoint apply -f</code> reads. Switching back to the form reads it into the fields.
          {stored && " It starts from the goal as stored: every setting, with the defaults it was applied with written out."}
        </p>
      </div>
    </div>
  );
}
