// An unknown goal name in the URL: say so and point back to the board.
import Link from "next/link";
import { askedPathSegments } from "@/server/web/asked-path";

export default async function GoalNotFound() {
  const [, name] = await askedPathSegments(); // /goals/<name>
  return (
    <div className="mx-auto mt-16 max-w-lg text-center" data-testid="goal-not-found">
      <p className="text-sm font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">No goal by that name</h1>
      {name && <p className="mt-2 font-mono text-sm">{name}</p>}
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        It may have been deleted, or the name in the address is misspelt. Goal names are lowercase, like <code className="code-inline">demo-calculator</code>.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Link href="/" className="btn btn-primary">
          Back to the board
        </Link>
        <Link href="/goals/new" className="btn">
          Create a goal
        </Link>
      </div>
    </div>
  );
}
