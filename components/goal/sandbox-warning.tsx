// Said plainly on the goal page: a goal without a sandbox runs its agent with the runner's rights.
// Worded to hold whichever runner takes the goal: one running as root (a user per goal) or one that is not.
import Link from "next/link";

export function SandboxWarning({ name, canOperate }: { name: string; canOperate: boolean }) {
  return (
    <div
      role="note"
      data-testid="sandbox-warning"
      className="mb-5 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <strong>No sandbox.</strong> This goal&apos;s agent and layer commands run with this machine&apos;s network and everything any user may read. A runner
      running as root runs them as a user of this goal&apos;s own, who cannot read Setpoint&apos;s data folder or other goals&apos; files; a runner that is not
      root runs them as itself, and then the agent can act as the installation: its admin token, secret key and database.
      {canOperate ? (
        <>
          {" "}
          <Link href={`/goals/${encodeURIComponent(name)}/edit#section-sandbox`} className="font-medium underline underline-offset-2">
            Choose sandbox: bwrap
          </Link>{" "}
          for code you do not fully trust.
        </>
      ) : (
        <>
          {" "}
          Ask an operator to set <code className="code-inline">sandbox: bwrap</code> for code you do not fully trust.
        </>
      )}
    </div>
  );
}
