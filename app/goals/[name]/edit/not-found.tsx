// A goal name in the address that matches no goal: say so and offer the ways on.
import Link from "next/link";
import { askedPathSegments } from "@/server/web/asked-path";

export default async function GoalNotFound() {
  const [, name] = await askedPathSegments(); // /goals/<name>/edit
  return (
    <div className="mx-auto mt-12 max-w-lg text-center" data-testid="goal-not-found">
      <h1 className="text-xl font-semibold">No such goal</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        There is no goal{" "}
        {name ? (
          <>
            named <code className="code-inline">{name}</code>
          </>
        ) : (
          "with the name in this address"
        )}{" "}
        to edit. It may have been deleted, or the name may be mistyped (names are lowercase, like <code className="code-inline">fix-flaky-tests</code>).
      </p>
      <div className="mt-5 flex justify-center gap-2">
        <Link href="/" className="btn">
          Back to the board
        </Link>
        <Link href="/goals/new" className="btn btn-primary">
          Create a new goal
        </Link>
      </div>
    </div>
  );
}
