// What "Validate" found or what saving did, in one sentence; read out by screen readers as it changes.
import Link from "next/link";
import type { ApplyPreview } from "@/server/goals/preview-apply";

export type Outcome =
  | { kind: "checking" }
  | { kind: "preview"; preview: ApplyPreview }
  | { kind: "exists"; name: string; generation: number }
  | { kind: "unchanged"; generation: number }
  | { kind: "saved"; name: string; action: "created" | "configured"; generation: number }
  | { kind: "invalid"; count: number }
  | { kind: "error"; message: string };

export function ValidationResult({ outcome }: { outcome: Outcome | null }) {
  return (
    <div
      aria-live="polite"
      data-testid="validation-result"
      data-kind={outcome?.kind ?? ""}
      data-action={outcome?.kind === "preview" ? outcome.preview.action : undefined}
      className={outcome ? "" : "sr-only"}
    >
      {outcome && <Message outcome={outcome} />}
    </div>
  );
}

function Message({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case "checking":
      return <Box tone="neutral">Checking with the server…</Box>;
    case "invalid":
      return (
        <Box tone="bad">
          {outcome.count === 0 ? "Problems" : outcome.count === 1 ? "1 problem" : `${outcome.count} problems`} to fix first; each is listed above, at its field
          or line.
        </Box>
      );
    case "error":
      return <Box tone="bad">{outcome.message}</Box>;
    case "exists":
      return (
        <Box tone="bad">
          A goal named <code className="code-inline">{outcome.name}</code> already exists (generation {outcome.generation}). Choose another name, or{" "}
          <Link className="underline underline-offset-2" href={`/goals/${outcome.name}/edit`}>
            edit that goal
          </Link>
          .
        </Box>
      );
    case "unchanged":
      return <Box tone="neutral">Nothing to save: the spec is the same as generation {outcome.generation}.</Box>;
    case "saved":
      return (
        <Box tone="good">
          {outcome.action === "created" ? "Created" : "Saved"} <code className="code-inline">{outcome.name}</code> at generation {outcome.generation}. Opening
          it…
        </Box>
      );
    case "preview":
      return <PreviewMessage preview={outcome.preview} />;
  }
}

function PreviewMessage({ preview }: { preview: ApplyPreview }) {
  if (preview.action === "create") {
    return (
      <Box tone="good">
        <strong>Valid.</strong> Applying would create the goal <code className="code-inline">{preview.name}</code> at generation 1.
      </Box>
    );
  }
  if (preview.action === "unchanged") {
    return (
      <Box tone="good">
        <strong>Valid.</strong> No change: <code className="code-inline">{preview.name}</code> already has this spec (generation {preview.generation}).
      </Box>
    );
  }
  return (
    <Box tone="good">
      <strong>Valid.</strong> Applying would update <code className="code-inline">{preview.name}</code>:{" "}
      {preview.specChanged ? (
        <>
          generation {preview.generation} → <strong>{preview.nextGeneration}</strong>
          {preview.labelsChanged ? ", labels too" : ""}.
        </>
      ) : (
        <>labels only; generation stays {preview.generation}.</>
      )}
    </Box>
  );
}

const TONES = {
  good: "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100",
  bad: "border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200",
  neutral: "border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-700 dark:bg-slate-800/60 dark:text-slate-200",
};

function Box({ tone, children }: { tone: keyof typeof TONES; children: React.ReactNode }) {
  return <p className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}>{children}</p>;
}
