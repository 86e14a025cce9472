// Sign in with a name and password. `npm start` prints the first admin's password on a new data folder.
import { safeReturnPath } from "@/server/web/safe-return-path";

export const dynamic = "force-dynamic";

const FIELD = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string; name?: string }> }) {
  const { next, error, name } = await searchParams;
  return (
    <div className="mx-auto mt-16 max-w-md">
      <h1 className="text-xl font-semibold">Sign in to Setpoint</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        On a new data folder, <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">npm start</code> creates the user{" "}
        <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">admin</code> and prints its password (also kept in the data folder&apos;s{" "}
        <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">admin-password</code> file). An admin adds people with{" "}
        <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">npx setpoint user add NAME --role ROLE</code>.
      </p>
      <form id="sign-in" method="post" action="/api/session" className="mt-6 space-y-3">
        <input type="hidden" name="next" value={safeReturnPath(next)} />
        <label className="block text-sm font-medium" htmlFor="name">
          Name
        </label>
        <input
          id="name"
          name="name"
          type="text"
          autoComplete="username"
          required
          autoFocus={!name}
          defaultValue={name ?? ""}
          maxLength={64}
          className={FIELD}
        />
        <label className="block text-sm font-medium" htmlFor="password">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(name)}
          maxLength={1024}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "sign-in-error" : undefined}
          className={FIELD}
        />
        {error && (
          <p id="sign-in-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error === "throttled"
              ? "Too many failed sign-ins for this name: wait 15 minutes, or ask an admin to set a new password."
              : "That name and password do not match a user who may sign in."}
          </p>
        )}
        <button type="submit" className="btn btn-primary w-full">
          Sign in
        </button>
      </form>
    </div>
  );
}
