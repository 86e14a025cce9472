import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { LiveEventsProvider } from "@/components/live-events";
import { LiveIndicator, NavLinks } from "@/components/nav-links";
import { THEME_SCRIPT, ThemeToggle } from "@/components/theme-toggle";
import { countPendingApprovals } from "@/server/approvals/count-pending";
import { replayFrom } from "@/server/live/replay-from";
import { db } from "@/server/db/client";
import { roleAllows } from "@/server/auth/roles";
import { currentCaller } from "@/server/web/require-caller";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Setpoint", template: "%s · Setpoint" },
  description: "A control plane for AI coding loops",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Where the live stream starts, read alongside the sign-in check rather than after it (replay-from.ts).
  const [since, caller] = await Promise.all([replayFrom(db()), currentCaller()]);
  const pending = caller ? await countPendingApprovals(db()) : 0;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own constant script, set before paint so the theme never flashes */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
        >
          Skip to content
        </a>
        {caller ? (
          <LiveEventsProvider since={since}>
            <Header caller={caller.name} role={caller.role}>
              <NavLinks pendingApprovals={pending} />
            </Header>
            <main id="main" className="mx-auto max-w-[1600px] px-4 py-6 sm:px-6">
              {children}
            </main>
          </LiveEventsProvider>
        ) : (
          <>
            <Header />
            <main id="main" className="mx-auto max-w-[1600px] px-4 py-6 sm:px-6">
              {children}
            </main>
          </>
        )}
      </body>
    </html>
  );
}

function Header({ caller, role, children }: { caller?: string; role?: string; children?: ReactNode }) {
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full border-2 border-blue-600 bg-blue-600/20" />
          Setpoint
        </Link>
        {children}
        <div className="ml-auto flex flex-wrap items-center gap-3">
          {caller && <LiveIndicator />}
          {caller && role && roleAllows(role, "operate") && (
            <Link href="/goals/new" className="btn btn-primary btn-sm">
              New goal
            </Link>
          )}
          {caller && (
            <span data-testid="signed-in-as" className="text-xs text-slate-500 dark:text-slate-400">
              {caller} · {role}
            </span>
          )}
          <ThemeToggle />
          {caller && (
            <form method="post" action="/api/session">
              <input type="hidden" name="action" value="sign-out" />
              <button type="submit" className="btn btn-sm" title={`Signed in as ${caller}`}>
                Sign out
              </button>
            </form>
          )}
        </div>
      </div>
    </header>
  );
}
