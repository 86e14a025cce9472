// What the goal's approval policy asks of people, in a few words.
import type { PendingApproval } from "@/server/approvals/list-pending";

const WORDS: Record<PendingApproval["policy"], string> = {
  never: "never asks",
  "on-converge": "asks once every target holds",
  "every-iteration": "asks after every iteration",
};

export function PolicyLabel({ policy }: { policy: PendingApproval["policy"] }) {
  return (
    <span
      className="inline-flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400"
      data-testid="approval-policy"
      title={`spec.approval.policy: ${policy} (${WORDS[policy]})`}
    >
      policy <code className="code-inline text-slate-700 dark:text-slate-300">{policy}</code>
    </span>
  );
}

export function PolicyHelp() {
  return (
    <p className="mx-auto max-w-2xl">
      A goal waits for a person when its <code className="code-inline">spec.approval.policy</code> asks: <code className="code-inline">never</code> runs
      unattended, <code className="code-inline">on-converge</code> asks once every target holds, <code className="code-inline">every-iteration</code> asks after
      each iteration before the loop goes on. Iterations that wait show up here as they arrive.
    </p>
  );
}
