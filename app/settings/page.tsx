// What can be set here, and where a goal's own settings (secrets, webhook) are.
import type { Metadata } from "next";
import Link from "next/link";
import { settingsPagesFor } from "@/server/web/settings-pages";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const caller = await requireCaller();
  return (
    <div className="space-y-3" data-testid="settings-index">
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {settingsPagesFor(caller.role).map((page) => (
          <li key={page.href} className="panel p-4">
            <Link href={page.href} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
              {page.label}
            </Link>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{page.about}</p>
          </li>
        ))}
      </ul>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A goal&apos;s secrets and webhook are on its own page: open the goal from the board, then <span className="font-medium">Secrets and webhook</span>.
        {caller.role !== "admin" && <> Users and API tokens are an admin&apos;s to manage.</>}
      </p>
    </div>
  );
}
