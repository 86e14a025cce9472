"use client";
// Approve (comment optional) or reject (comment required, it goes into the next prompt), then re-render.
// On a best-of-N iteration, a person may keep another measured candidate than the automatic best.
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { api, errorMessage } from "@/components/trpc-client";

type Busy = "approve" | "reject" | null;

export type CandidateChoice = { number: number; winner: boolean; label: string };

type Props = { goal: string; iteration: number; compact: boolean; choices?: CandidateChoice[] };

export function ApprovalForm({ goal, iteration, compact, choices = [] }: Props) {
  const router = useRouter();
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [comment, setComment] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const best = choices.find((choice) => choice.winner)?.number ?? null;
  const [picked, setPicked] = useState<number | null>(best);

  async function decide(approve: boolean) {
    setFailure(null);
    const text = comment.trim();
    if (!approve && !text) {
      setFieldError("Say what is wrong before rejecting: the comment goes into the agent's next prompt.");
      field.current?.focus();
      return;
    }
    setFieldError(null);
    setBusy(approve ? "approve" : "reject");
    try {
      const input = { name: goal, iteration, comment: text || undefined };
      // Only a different pick is sent: approving the automatic best is a plain approval.
      if (approve) await api.goals.approve.mutate({ ...input, candidate: picked !== null && picked !== best ? picked : undefined });
      else await api.goals.reject.mutate({ ...input, comment: text });
      router.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
      setBusy(null);
    }
  }

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <form
      className={compact ? "flex flex-wrap items-start gap-2" : "max-w-3xl space-y-3"}
      onSubmit={(event) => {
        event.preventDefault();
        void decide(true);
      }}
    >
      {choices.length > 0 && !compact && (
        <fieldset data-testid="candidate-picker">
          <legend className="field-label">Keep candidate</legend>
          <div className="space-y-1">
            {choices.map((choice) => (
              <label key={choice.number} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={`${id}-candidate`}
                  value={choice.number}
                  data-testid={`candidate-choice-${choice.number}`}
                  className="h-4 w-4 accent-blue-600"
                  checked={picked === choice.number}
                  disabled={busy !== null}
                  onChange={() => setPicked(choice.number)}
                />
                <span>
                  Candidate {choice.number} <span className="muted">· {choice.label}</span>
                  {choice.winner && <span className="ml-1 text-emerald-700 dark:text-emerald-400">(automatic best)</span>}
                </span>
              </label>
            ))}
          </div>
          <p className="field-hint">Approving keeps the candidate chosen here; say why in the comment.</p>
        </fieldset>
      )}
      <div className={compact ? "min-w-56 flex-1" : ""}>
        <label htmlFor={id} className={compact ? "sr-only" : "field-label"}>
          Comment
        </label>
        <textarea
          ref={field}
          id={id}
          data-testid="approval-comment"
          className="input resize-y"
          rows={compact ? 1 : 3}
          value={comment}
          placeholder={compact ? "Comment (required to reject)" : "Why you approve, or what is wrong and should change"}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? errorId : compact ? undefined : hintId}
          disabled={busy !== null}
          onChange={(event) => {
            setComment(event.target.value);
            if (fieldError && event.target.value.trim()) setFieldError(null);
          }}
        />
        {fieldError ? (
          <p id={errorId} className="field-error" role="alert">
            {fieldError}
          </p>
        ) : (
          !compact && (
            <p id={hintId} className="field-hint">
              Optional to approve. Required to reject: it tells the agent what to change next.
            </p>
          )
        )}
      </div>
      <div className="flex items-center gap-2">
        <button type="submit" data-testid="approve-button" className={`btn btn-approve ${compact ? "btn-sm" : ""}`} disabled={busy !== null}>
          {busy === "approve" ? "Approving…" : "Approve"}
        </button>
        <button
          type="button"
          data-testid="reject-button"
          className={`btn btn-danger ${compact ? "btn-sm" : ""}`}
          disabled={busy !== null}
          onClick={() => void decide(false)}
        >
          {busy === "reject" ? "Rejecting…" : "Reject"}
        </button>
      </div>
      {failure && (
        <p role="alert" className={`field-error ${compact ? "basis-full" : ""}`}>
          {failure}
        </p>
      )}
    </form>
  );
}
