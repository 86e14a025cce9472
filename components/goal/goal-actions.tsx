"use client";
// Pause, resume, cancel and delete (both ask first), re-run and edit, each offered only when the phase allows it.
// A refusal from the server is shown beside the buttons; success re-renders the page.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, errorMessage } from "@/components/trpc-client";
import { TERMINAL_PHASES, type Phase } from "@/server/loop/types";

type Action = "pause" | "resume" | "cancel" | "rerun" | "delete";
type Final = "cancel" | "delete";

const CONFIRM: Record<Final, { question: string; yes: string; busy: string; no: string }> = {
  cancel: { question: "Cancel for good?", yes: "Yes, cancel", busy: "Cancelling…", no: "Keep running" },
  delete: { question: "Delete the goal and its history?", yes: "Yes, delete", busy: "Deleting…", no: "Keep it" },
};

export function GoalActions({ name, phase, desired }: { name: string; phase: string; desired: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirming, setConfirming] = useState<Final | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ended = TERMINAL_PHASES.includes(phase as Phase);
  const pauseAsked = desired === "Pause" && !ended && phase !== "Paused";

  async function run(action: Action) {
    setBusy(action);
    setError(null);
    try {
      await api.goals[action].mutate({ name });
      setConfirming(null);
      // A deleted goal has no page left: back to the board.
      if (action === "delete") router.push("/");
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
        <button
          type="button"
          className="btn"
          data-testid="goal-action-pause"
          disabled={!can.pause || busy !== null}
          title={can.pause ? "Pause after the current step" : why.pause}
          onClick={() => run("pause")}
        >
          {busy === "pause" ? "Pausing…" : "Pause"}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="goal-action-resume"
          disabled={!can.resume || busy !== null}
          title={can.resume ? (phase === "Paused" || pauseAsked ? "Go on where it stopped" : "Start a new run with fresh budgets") : why.resume}
          onClick={() => run("resume")}
        >
          {busy === "resume" ? "Resuming…" : "Resume"}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="goal-action-rerun"
          disabled={!can.rerun || busy !== null}
          title={can.rerun ? "A new run with fresh budgets from the best commit" : why.rerun}
          onClick={() => run("rerun")}
        >
          {busy === "rerun" ? "Starting…" : "Re-run"}
        </button>
        {confirming ? (
          <span
            className="inline-flex items-center gap-2 rounded-md border border-red-300 bg-red-50 px-2 py-1 text-sm dark:border-red-800 dark:bg-red-950"
            role="group"
            aria-label={`Confirm ${confirming}`}
          >
            <span className="text-red-800 dark:text-red-200">{CONFIRM[confirming].question}</span>
            <button
              type="button"
              className="btn btn-danger btn-sm"
              data-testid={`goal-action-${confirming}-confirm`}
              disabled={busy !== null}
              onClick={() => run(confirming)}
              autoFocus
            >
              {busy === confirming ? CONFIRM[confirming].busy : CONFIRM[confirming].yes}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setConfirming(null)}>
              {CONFIRM[confirming].no}
            </button>
          </span>
        ) : ended ? (
          <button
            type="button"
            className="btn btn-danger"
            data-testid="goal-action-delete"
            disabled={busy !== null}
            title="Delete the goal and its iterations; its branch and commits stay in git"
            onClick={() => setConfirming("delete")}
          >
            Delete
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-danger"
            data-testid="goal-action-cancel"
            disabled={!can.cancel || busy !== null}
            title={can.cancel ? "Stop the agent and end the goal; this is final" : why.cancel}
            onClick={() => setConfirming("cancel")}
          >
            Cancel
          </button>
        )}
        <Link href={`/goals/${encodeURIComponent(name)}/edit`} className="btn btn-primary" data-testid="goal-action-edit">
          Edit spec
        </Link>
      </div>
      {error && (
        <p role="alert" className="field-error max-w-md text-right" data-testid="goal-action-error">
          {error}
        </p>
      )}
    </div>
  );
}
