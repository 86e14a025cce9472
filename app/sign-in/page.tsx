// Sign in with an API token. On the embedded default `npm start` prints a link that signs in at once.
import { SignInFromLink } from "@/components/sign-in-from-link";
import { safeNextPath } from "@/server/auth/session-cookie";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  return (
    <div className="mx-auto mt-16 max-w-md">
      <h1 className="text-xl font-semibold">Sign in to Setpoint</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Paste an API token. On a machine started with <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">npm start</code>, the
        admin token is in the data folder&apos;s <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">admin-token</code> file, and the
        start-up output prints a link that signs you in directly.
      </p>
      <form id="sign-in" method="post" action="/api/session" className="mt-6 space-y-3">
        <input type="hidden" name="next" value={safeNextPath(next)} />
        <label className="block text-sm font-medium" htmlFor="token">API token</label>
        <input
          id="token" name="token" type="password" autoComplete="off" required autoFocus placeholder="spt_…"
          aria-invalid={error ? true : undefined} aria-describedby={error ? "token-error" : undefined}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        {error && <p id="token-error" role="alert" className="text-sm text-red-700 dark:text-red-400">That token is not valid (unknown, revoked or expired). Check for a missing character.</p>}
        <button type="submit" className="btn btn-primary w-full">Sign in</button>
      </form>
      <SignInFromLink formId="sign-in" />
    </div>
  );
}
