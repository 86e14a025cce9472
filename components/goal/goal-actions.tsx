"use client";
// Pause, resume, cancel (asks first), re-run and edit, each offered only when the phase allows it.
// A refusal from the server is shown beside the buttons; success re-renders the page.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, errorMessage } from "@/components/trpc-client";
import { TERMINAL_PHASES, type Phase } from "@/server/loop/types";

type Action = "pause" | "resume" | "cancel" | "rerun";

export function GoalActions({ name, phase, desired }: { name: string; phase: string; desired: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ended = TERMINAL_PHASES.includes(phase as Phase);
  const pauseAsked = desired === "Pause" && !ended && phase !== "Paused";

  async function run(action: Action) {
    setBusy(action);
    setError(null);
    try {
      await api.goals[action].mutate({ name });
      setConfirming(false);
      router.refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  const can = {
    pause: !ended && phase !== "Paused" && !pauseAsked,
    resume: phase === "Paused" || pauseAsked || phase === "Stalled" || phase === "Exhausted" || phase === "Failed",
    cancel: !ended,
    rerun: ended && phase !== "Cancelled",
  };
  const why = {
    pause: ended ? `a ${phase} goal has ended` : phase === "Paused" || pauseAsked ? "already paused or pausing" : "",
    resume: phase === "Converged" ? "converged: re-run it, or apply a changed spec" : phase === "Cancelled" ? "a cancel is final" : "it is not paused",
    cancel: ended ? `a ${phase} goal has already ended` : "",
    rerun: phase === "Cancelled" ? "a cancel is final" : "only a goal that has ended can be re-run",
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <button type="button" className="btn" data-testid="goal-action-pause" disabled={!can.pause || busy !== null} title={can.pause ? "Pause after the current step" : why.pause} onClick={() => run("pause")}>
          {busy === "pause" ? "Pausing…" : "Pause"}
        </button>
        <button type="button" className="btn" data-testid="goal-action-resume" disabled={!can.resume || busy !== null} title={can.resume ? (phase === "Paused" || pauseAsked ? "Go on where it stopped" : "Start a new run with fresh budgets") : why.resume} onClick={() => run("resume")}>
          {busy === "resume" ? "Resuming…" : "Resume"}
        </button>
        <button type="button" className="btn" data-testid="goal-action-rerun" disabled={!can.rerun || busy !== null} title={can.rerun ? "A new run with fresh budgets from the best commit" : why.rerun} onClick={() => run("rerun")}>
          {busy === "rerun" ? "Starting…" : "Re-run"}
        </button>
        {confirming ? (
          <span className="inline-flex items-center gap-2 rounded-md border border-red-300 bg-red-50 px-2 py-1 text-sm dark:border-red-800 dark:bg-red-950" role="group" aria-label="Confirm cancel">
            <span className="text-red-800 dark:text-red-200">Cancel for good?</span>
            <button type="button" className="btn btn-danger btn-sm" data-testid="goal-action-cancel-confirm" disabled={busy !== null} onClick={() => run("cancel")} autoFocus>
              {busy === "cancel" ? "Cancelling…" : "Yes, cancel"}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setConfirming(false)}>Keep running</button>
          </span>
        ) : (
          <button type="button" className="btn btn-danger" data-testid="goal-action-cancel" disabled={!can.cancel || busy !== null} title={can.cancel ? "Stop the agent and end the goal; this is final" : why.cancel} onClick={() => setConfirming(true)}>
            Cancel
          </button>
        )}
        <Link href={`/goals/${encodeURIComponent(name)}/edit`} className="btn btn-primary" data-testid="goal-action-edit">Edit spec</Link>
      </div>
      {error && <p role="alert" className="field-error max-w-md text-right" data-testid="goal-action-error">{error}</p>}
    </div>
  );
}
