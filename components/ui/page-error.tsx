"use client";
// What a page says when its read failed (the database is down or restarting): what happened and a retry.
import { useRouter } from "next/navigation";
import { useTransition } from "react";

export function PageError({ title, error, reset }: { title: string; error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  return (
    <div className="mx-auto max-w-2xl" role="alert" data-testid="page-error">
      <div className="panel px-6 py-8 text-center">
        <p className="font-medium">{title}</p>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          The server could not read it just now ({error.digest ? `error ${error.digest}` : error.message || "unknown error"}). If Postgres is restarting this
          passes in a few seconds; otherwise the server log says why.
        </p>
        <button
          type="button"
          className="btn mt-4"
          disabled={retrying}
          onClick={() =>
            startRetry(() => {
              router.refresh();
              reset();
            })
          }
        >
          {retrying ? "Retrying…" : "Try again"}
        </button>
      </div>
    </div>
  );
}
