// Settings: people, tokens and the audit log, each page held to the permission its API needs.
import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";
import { settingsPagesFor } from "@/server/web/settings-pages";
import { requireCaller } from "@/server/web/require-caller";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const caller = await requireCaller();
  return (
    <div className="mx-auto max-w-6xl">
      <h1 className="mb-3 text-xl font-semibold">Settings</h1>
      <SettingsNav links={settingsPagesFor(caller.role).map(({ href, label }) => ({ href, label }))} />
      {children}
    </div>
  );
}
