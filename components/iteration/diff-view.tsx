// The iteration's change: the files with +/- counts, then each file's hunks, syntax-coloured on the server.
import type { ReactNode } from "react";
import { highlightFile } from "./highlight-diff";
import { parseDiff, type DiffFile, type DiffLine } from "./parse-diff";
import "./syntax-colours.css";

const MAX_RENDERED_LINES = 2_000; // a huge diff is summarised past this; the browser stays responsive
const MAX_COLOURED_LINES = 800; // highlight.js costs about a millisecond a line: past this, code is shown plain

export function DiffView({ diff, commit, empty }: { diff: string; commit: string | null; empty: ReactNode }) {
  const parsed = parseDiff(diff);
  if (parsed.files.length === 0) {
    return (
      <div data-testid="diff-view" data-files={0}>
        {diff.trim() ? (
          <pre className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs dark:bg-slate-950">{diff}</pre>
        ) : (
          <p className="muted text-sm">{empty}</p>
        )}
      </div>
    );
  }
  const additions = parsed.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = parsed.files.reduce((sum, file) => sum + file.deletions, 0);
  let budget = MAX_RENDERED_LINES;
  let colourBudget = MAX_COLOURED_LINES;
  const plan = parsed.files.map((file) => {
    const lines = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0);
    const shown = lines <= budget;
    const coloured = shown && lines <= colourBudget;
    if (shown) budget -= lines;
    if (coloured) colourBudget -= lines;
    return { shown, coloured };
  });
  return (
    <div data-testid="diff-view" data-files={parsed.files.length} className="space-y-4">
      <div>
        <p className="mb-2 text-sm">
          <span className="font-medium">
            {parsed.files.length} {parsed.files.length === 1 ? "file" : "files"} changed
          </span>
          <span className="ml-2 font-mono text-xs text-emerald-700 dark:text-emerald-400">+{additions}</span>
          <span className="ml-1.5 font-mono text-xs text-red-700 dark:text-red-400">−{deletions}</span>
        </p>
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
          {parsed.files.map((file, index) => (
            <li key={`${file.path}-${index}`} className="flex items-center gap-3 px-3 py-1.5">
              <StatusMark status={file.status} />
              <a
                href={`#diff-file-${index}`}
                className="min-w-0 truncate font-mono text-xs text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
              >
                {file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
              </a>
              <span className="ml-auto shrink-0 font-mono text-xs tabular-nums">
                {file.binary ? (
                  <span className="muted">binary</span>
                ) : (
                  <>
                    <span className="text-emerald-700 dark:text-emerald-400">+{file.additions}</span>
                    <span className="ml-1.5 text-red-700 dark:text-red-400">−{file.deletions}</span>
                  </>
                )}
              </span>
              <ChangeBar additions={file.additions} deletions={file.deletions} />
            </li>
          ))}
        </ul>
        {parsed.truncated && (
          <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            The stored diff was cut ({parsed.truncated}).{" "}
            {commit ? (
              <>
                See all of it with <code className="code-inline">git show {commit.slice(0, 12)}</code>.
              </>
            ) : null}
          </p>
        )}
      </div>
      {parsed.files.map((file, index) => (
        <FileDiff key={`${file.path}-${index}`} file={file} index={index} {...plan[index]} commit={commit} />
      ))}
    </div>
  );
}

function FileDiff({ file, index, shown, coloured, commit }: { file: DiffFile; index: number; shown: boolean; coloured: boolean; commit: string | null }) {
  const html = shown && !file.binary ? highlightFile(file, !coloured) : [];
  return (
    <details
      open
      id={`diff-file-${index}`}
      data-testid="diff-file"
      data-file={file.path}
      className="group scroll-mt-16 overflow-hidden rounded-md border border-slate-200 dark:border-slate-800"
    >
      <summary className="flex cursor-pointer items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-800 dark:bg-slate-800/60">
        <span aria-hidden className="muted inline-block w-3 text-xs transition-transform group-open:rotate-90">
          ▶
        </span>
        <span className="min-w-0 truncate font-mono text-xs font-medium">{file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}</span>
        <StatusMark status={file.status} withWord />
        {!file.binary && (
          <span className="ml-auto shrink-0 font-mono text-xs">
            <span className="text-emerald-700 dark:text-emerald-400">+{file.additions}</span>
            <span className="ml-1.5 text-red-700 dark:text-red-400">−{file.deletions}</span>
          </span>
        )}
      </summary>
      {file.binary ? (
        <p className="muted px-3 py-3 text-sm">Binary file: its contents are not shown.</p>
      ) : !shown ? (
        <p className="muted px-3 py-3 text-sm">
          Not shown: the diff is long ({file.additions + file.deletions} changed lines in this file).
          {commit ? (
            <>
              {" "}
              See it with{" "}
              <code className="code-inline">
                git show {commit.slice(0, 12)} -- {file.path}
              </code>
              .
            </>
          ) : null}
        </p>
      ) : file.hunks.length === 0 ? (
        <p className="muted px-3 py-3 text-sm">{file.status === "renamed" ? "Renamed without changes." : "No content changes (mode or metadata only)."}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="syntax w-full border-collapse font-mono text-xs leading-5">
            {file.hunks.map((hunk, h) => (
              <tbody key={h}>
                <tr className="bg-blue-50 text-slate-500 dark:bg-slate-800/50 dark:text-slate-400">
                  <td colSpan={4} className="px-3 py-0.5 whitespace-pre">
                    {hunk.header}
                  </td>
                </tr>
                {hunk.lines.map((line, l) => (
                  <DiffRow key={l} line={line} html={html[h][l]} />
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </details>
  );
}

const ROW: Record<DiffLine["kind"], { row: string; gutter: string; sign: string; marker: string }> = {
  context: { row: "", gutter: "text-slate-400 dark:text-slate-500", sign: "", marker: " " },
  add: {
    row: "bg-emerald-50 dark:bg-emerald-950/50",
    gutter: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-300",
    sign: "text-emerald-800 dark:text-emerald-300",
    marker: "+",
  },
  del: {
    row: "bg-red-50 dark:bg-red-950/50",
    gutter: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-300",
    sign: "text-red-800 dark:text-red-300",
    marker: "−",
  },
  note: { row: "", gutter: "", sign: "", marker: "" },
};

function DiffRow({ line, html }: { line: DiffLine; html: string }) {
  if (line.kind === "note") {
    return (
      <tr>
        <td colSpan={3} />
        <td className="muted px-2 italic">{line.text}</td>
      </tr>
    );
  }
  const style = ROW[line.kind];
  return (
    <tr className={style.row} data-kind={line.kind}>
      <td className={`w-[1%] select-none px-2 text-right tabular-nums ${style.gutter}`}>{line.oldNumber ?? ""}</td>
      <td className={`w-[1%] select-none px-2 text-right tabular-nums ${style.gutter}`}>{line.newNumber ?? ""}</td>
      <td aria-hidden className={`w-[1%] select-none pl-2 ${style.sign}`}>
        {style.marker}
      </td>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: highlight.js escapes the code; the spans only carry its token classes */}
      <td className="whitespace-pre pr-4 pl-1" dangerouslySetInnerHTML={{ __html: html || " " }} />
    </tr>
  );
}

const STATUS: Record<DiffFile["status"], { letter: string; word: string; className: string }> = {
  modified: { letter: "M", word: "modified", className: "bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100" },
  added: { letter: "A", word: "added", className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100" },
  deleted: { letter: "D", word: "deleted", className: "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100" },
  renamed: { letter: "R", word: "renamed", className: "bg-violet-100 text-violet-800 dark:bg-violet-900/60 dark:text-violet-100" },
};

function StatusMark({ status, withWord = false }: { status: DiffFile["status"]; withWord?: boolean }) {
  const mark = STATUS[status];
  return (
    <span title={mark.word} className={`shrink-0 rounded px-1.5 text-[11px] font-semibold ${mark.className}`}>
      {withWord ? (
        mark.word
      ) : (
        <>
          <span aria-hidden>{mark.letter}</span>
          <span className="sr-only">{mark.word}</span>
        </>
      )}
    </span>
  );
}

// Five squares in proportion to the added and removed lines, as in git's --stat.
function ChangeBar({ additions, deletions }: { additions: number; deletions: number }) {
  const total = additions + deletions;
  const green = total === 0 ? 0 : Math.round((additions / total) * 5);
  return (
    <span aria-hidden className="flex shrink-0 gap-0.5">
      {Array.from({ length: 5 }, (_, i) => (
        <span key={i} className={`h-2 w-2 rounded-sm ${total === 0 ? "bg-slate-200 dark:bg-slate-700" : i < green ? "bg-emerald-500" : "bg-red-500"}`} />
      ))}
    </span>
  );
}
