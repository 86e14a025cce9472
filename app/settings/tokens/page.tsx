// API tokens (admin only): each belongs to, and acts as, the person who made it; create and revoke.
import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { RevokeTokenButton } from "@/components/settings/revoke-token-button";
import { TimeAgo } from "@/components/ui/time-ago";
import { TableHead } from "@/components/ui/table-head";
import { listTokens } from "@/server/auth/api-tokens";
import { tokenState } from "@/server/auth/token-state";
import { db } from "@/server/db/client";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

const STATE_TONE = {
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  expired: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  revoked: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};

export default async function TokensPage() {
  const caller = await requireCaller("admin");
  const tokens = await listTokens(db());
  const now = new Date();
  return (
    <div className="space-y-6">
      <section className="panel p-4" aria-labelledby="create-token-heading">
        <h2 id="create-token-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Create a token
        </h2>
        <CreateTokenForm owner={caller.name} />
      </section>
      <section className="panel overflow-x-auto" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" className="px-4 pb-1 pt-4 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Tokens ({tokens.length})
        </h2>
        <table className="w-full text-sm" data-testid="token-table">
          <TableHead columns={["Name", "Acts as", "Role", "State", "Expires", "Last used", { label: "Revoke", hidden: true }]} />
          <tbody>
            {tokens.map((token) => {
              const state = tokenState(token, now);
              return (
                <tr
                  key={token.id}
                  data-testid="token-row"
                  data-token={token.name}
                  data-state={state}
                  className={`border-b border-slate-100 align-top last:border-b-0 dark:border-slate-800 ${state === "active" ? "" : "text-slate-500 dark:text-slate-400"}`}
                >
                  <td className="px-4 py-3 font-medium">{token.name}</td>
                  <td className="px-4 py-3" data-testid="token-owner">
                    {token.owner ?? (
                      <span title="made with no person to own it: it acts under its own name" className="italic">
                        nobody
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-3">{token.role}</td>
                  <td className="px-4 py-3">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATE_TONE[state]}`}>{state}</span>
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap tabular-nums">{token.expiresAt ? token.expiresAt.toISOString().slice(0, 10) : "never"}</td>
                  <td className="px-4 py-3 whitespace-nowrap">{token.lastUsedAt ? <TimeAgo at={token.lastUsedAt} now={now.getTime()} /> : "never"}</td>
                  <td className="px-4 py-3 text-right">{state === "active" && <RevokeTokenButton id={token.id} name={token.name} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
