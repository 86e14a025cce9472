"use client";
// Project knowledge (spec.context, spec.contextCommand) and a preview of the prompt iteration 1 will get,
// built on the server from the manifest in the form (spec.previewPrompt) without running anything.
import { useState } from "react";
import { api, errorMessage } from "@/components/trpc-client";
import type { PromptPreview } from "@/server/context/preview-prompt";
import { CONTEXT_LIMITS } from "@/server/spec/context-spec";
import type { FormValues } from "./form-values";
import { TextField } from "./text-field";

type Props = {
  values: Pick<FormValues, "context" | "contextCommand">;
  onChange: (change: Partial<FormValues>) => void;
  manifest: () => Record<string, unknown> | null; // null when the form's own checks found problems (they are shown)
  onRefused: (error: unknown) => boolean; // true when the refusal was placed at fields
};

export function ContextFields({ values, onChange, manifest, onRefused }: Props) {
  const [preview, setPreview] = useState<PromptPreview | { error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const show = async () => {
    const toSend = manifest();
    if (!toSend) return;
    setBusy(true);
    try {
      setPreview(await api.spec.previewPrompt.mutate({ manifest: toSend }));
    } catch (error) {
      setPreview(onRefused(error) ? null : { error: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="grid gap-4">
      <TextField
        path="spec.context"
        label="Context files"
        value={values.context}
        mono
        rows={3}
        placeholder={"AGENTS.md\ndocs/design.md"}
        onChange={(context) => onChange({ context })}
        hint={`One per line: a path in the repository (read from each iteration's starting commit) or an absolute path inside SETPOINT_REPO_ROOTS. Added to every prompt under its name, each cut at ${CONTEXT_LIMITS.fileBytes / 1024} KiB, ${CONTEXT_LIMITS.totalBytes / 1024} KiB in all.`}
      />
      <TextField
        path="spec.contextCommand"
        label="Context command"
        value={values.contextCommand}
        mono
        placeholder="git log -5 --stat"
        onChange={(contextCommand) => onChange({ contextCommand })}
        hint={`Optional; runs in each iteration's worktree like a layer, and its output (cut at ${CONTEXT_LIMITS.commandBytes / 1024} KiB) is added to the prompt.`}
      />
      <div>
        <button type="button" data-testid="preview-prompt" className="btn btn-sm" disabled={busy} onClick={show}>
          {busy ? "Building the prompt…" : "Preview the first prompt"}
        </button>
        {preview && "error" in preview && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
            {preview.error}
          </p>
        )}
        {preview && "prompt" in preview && (
          <div className="mt-3" data-testid="prompt-preview">
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {preview.repository.read
                ? `Iteration 1's prompt, its context files read from ${preview.repository.folder} as checked out (a runner reads them from the starting commit). Nothing was run.`
                : `Iteration 1's prompt. The repository's files could not be read here (${preview.repository.why}). Nothing was run.`}
            </p>
            <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-900">
              {preview.prompt}
            </pre>
          </div>
        )}
      </div>
    </div>
  );
}
