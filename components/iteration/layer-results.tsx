// Every evaluation layer's verdict: what it is, passed or failed, exit code, time, metrics, the reviewer's
// comments and its log (open by default when it failed, since that is what a person came to read).
import type { LayerDetail } from "@/server/iterations/read-iteration";
import { formatValue } from "@/server/loop/spec-targets";
import { formatDuration } from "./format-duration";
import { TextBlock } from "./text-block";

const KIND: Record<string, string> = { run: "command", policy: "policy", agent: "reviewer" };

export function LayerResults({ layers, empty }: { layers: LayerDetail[]; empty: string }) {
  if (layers.length === 0) return <p className="muted text-sm">{empty}</p>;
  return (
    <ol className="space-y-3">
      {layers.map((layer) => (
        <li
          key={layer.name}
          data-testid="layer-result"
          data-layer={layer.name}
          data-ok={String(layer.ok)}
          className="rounded-md border border-slate-200 dark:border-slate-800"
        >
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
            <OkMark ok={layer.ok} />
            <span className="font-medium">{layer.name}</span>
            <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{KIND[layer.kind] ?? layer.kind}</span>
            <span className="muted ml-auto flex gap-3 text-xs tabular-nums">
              {layer.exitCode !== null && <span>exit {layer.exitCode}</span>}
              <span>{formatDuration(layer.durationMs)}</span>
            </span>
          </div>
          {Object.keys(layer.metrics).length > 0 && (
            <dl className="flex flex-wrap gap-x-4 gap-y-1 border-t border-slate-100 px-3 py-2 font-mono text-xs dark:border-slate-800">
              {Object.entries(layer.metrics).map(([metric, value]) => (
                <div key={metric} className="flex gap-1.5">
                  <dt className="muted">{metric}</dt>
                  <dd className="tabular-nums">{formatValue(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          {layer.comments && (
            <div className="border-t border-slate-100 px-3 py-2 dark:border-slate-800">
              <p className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-300">{layer.kind === "agent" ? "Reviewer's comments" : "Findings"}</p>
              <p className="text-sm whitespace-pre-wrap">{layer.comments}</p>
            </div>
          )}
          <details open={!layer.ok && layer.log.trim() !== ""} className="group border-t border-slate-100 dark:border-slate-800">
            <summary className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-xs text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:text-white">
              <span aria-hidden className="inline-block w-3 transition-transform group-open:rotate-90">
                ▶
              </span>
              Log {layer.log ? <span className="muted">({lineCount(layer.log)})</span> : <span className="muted">(empty)</span>}
            </summary>
            <div className="px-3 pb-3">
              <TextBlock text={layer.log} empty="This layer printed nothing." label={`${layer.name} log`} />
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}

function OkMark({ ok }: { ok: boolean }) {
  return ok ? (
    <span className="inline-flex items-center gap-1 rounded bg-emerald-100 px-1.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100">
      <span aria-hidden>✓</span>passed
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 rounded bg-red-100 px-1.5 text-xs font-medium text-red-800 dark:bg-red-900/60 dark:text-red-100">
      <span aria-hidden>✕</span>failed
    </span>
  );
}

function lineCount(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n").length;
  return `${lines} ${lines === 1 ? "line" : "lines"}`;
}
