// A goal's secrets (names and who set them, never values) and its webhook (address, secret, recent
// deliveries). Everyone signed in reads them; setting, deleting and rotating need `operate`.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteSecretButton } from "@/components/goal-settings/delete-secret-button";
import { RotateWebhookButton } from "@/components/goal-settings/rotate-webhook-button";
import { SetSecretForm } from "@/components/goal-settings/set-secret-form";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time-ago";
import { TableHead } from "@/components/ui/table-head";
import { roleAllows } from "@/server/auth/roles";
import { publicUrl } from "@/server/config";
import { db } from "@/server/db/client";
import { goalExists } from "@/server/goals/goal-exists";
import { listGoalSecrets } from "@/server/secrets/goal-secrets";
import { readWebhook } from "@/server/triggers/webhook-secret";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · secrets and webhook` };
}

export default async function GoalSettingsPage({ params }: Props) {
  const caller = await requireCaller();
  const name = (await params).name;
  if (!(await goalExists(db(), name))) notFound();
  const [secrets, webhook] = await Promise.all([listGoalSecrets(db(), name), readWebhook(db(), name)]);
  const canOperate = roleAllows(caller.role, "operate");
  const goalPath = `/goals/${encodeURIComponent(name)}`;
  const url = publicUrl() + webhook.path;
  const now = Date.now();
  return (
    <div className="mx-auto max-w-5xl space-y-6" data-testid="goal-settings">
      <header>
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
          <Link href="/" className="hover:underline">
            Board
          </Link>{" "}
          <span aria-hidden>/</span>{" "}
          <Link href={goalPath} className="hover:underline">
            {name}
          </Link>{" "}
          <span aria-hidden>/</span> Secrets and webhook
        </nav>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">
          Secrets and webhook of <span className="font-mono">{name}</span>
        </h1>
        {!canOperate && (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="goal-settings-read-only">
            You may read these; an operator or admin changes them.
          </p>
        )}
      </header>

      <section className="panel p-4" aria-labelledby="secrets-heading">
        <h2 id="secrets-heading" className="text-base font-semibold">
          Secrets
        </h2>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
          Environment variables of the goal&apos;s setup, agent and layer commands, sealed at rest and shown as <code className="code-inline">***</code> in
          everything stored. No one can read a value back.
        </p>
        {canOperate && (
          <div className="mt-4">
            <SetSecretForm goal={name} />
          </div>
        )}
        <div className="mt-4">
          {secrets.length === 0 ? (
            <EmptyState title="No secrets">{canOperate ? "Set one above; iterations from the next one on see it." : "An operator can set them."}</EmptyState>
          ) : (
            <table className="w-full text-sm" data-testid="secret-table">
              <TableHead cell="py-2 pr-4" columns={["Name", "Set by", "When", ...(canOperate ? [{ label: "Delete", hidden: true }] : [])]} />
              <tbody>
                {secrets.map((secret) => (
                  <tr
                    key={secret.name}
                    data-testid="secret-row"
                    data-secret={secret.name}
                    className="border-b border-slate-100 last:border-b-0 dark:border-slate-800"
                  >
                    <td className="py-2 pr-4 font-mono">{secret.name}</td>
                    <td className="py-2 pr-4">{secret.updatedBy}</td>
                    <td className="py-2 pr-4 whitespace-nowrap">
                      <TimeAgo at={secret.updatedAt} now={now} />
                    </td>
                    {canOperate && (
                      <td className="py-2 text-right">
                        <DeleteSecretButton goal={name} secret={secret.name} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>

      <section className="panel p-4" aria-labelledby="webhook-heading" data-testid="webhook-section">
        <h2 id="webhook-heading" className="text-base font-semibold">
          Webhook
        </h2>
        <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
          A signed POST to this address starts a new run of the goal once it has ended, as a re-run does.
        </p>
        <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="muted">Address</dt>
          <dd className="break-all font-mono text-[13px]" data-testid="webhook-url">
            {url}
          </dd>
          <dt className="muted">Trigger</dt>
          <dd data-testid="webhook-enabled">
            {webhook.enabled ? (
              "on (spec.triggers.webhook)"
            ) : (
              <>
                off: deliveries are refused until spec.triggers.webhook is true
                {canOperate && (
                  <>
                    {" "}
                    (
                    <Link href={`${goalPath}/edit#section-triggers`} className="underline underline-offset-2">
                      edit the goal
                    </Link>
                    )
                  </>
                )}
              </>
            )}
          </dd>
          <dt className="muted">Secret</dt>
          <dd data-testid="webhook-secret-state">{webhook.secretSet ? "set (never shown again)" : "none yet: deliveries cannot be verified"}</dd>
        </dl>
        {canOperate && (
          <div className="mt-3">
            <RotateWebhookButton goal={name} hasSecret={webhook.secretSet} url={url} />
          </div>
        )}
        <h3 className="mt-5 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Recent deliveries</h3>
        {webhook.deliveries.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="webhook-no-deliveries">
            None yet. Only deliveries that passed the signature check are kept.
          </p>
        ) : (
          <ul className="mt-1 divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="webhook-deliveries">
            {webhook.deliveries.map((delivery) => (
              <li key={delivery.deliveryId} className="flex flex-wrap items-center gap-x-3 py-1.5">
                <span className="font-mono text-xs">{delivery.deliveryId}</span>
                <span className={delivery.outcome === "started" ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400"}>
                  {delivery.outcome === "started" ? "started a run" : delivery.outcome === "refused" ? "refused: the goal had not ended" : delivery.outcome}
                </span>
                <span className="muted ml-auto">
                  <TimeAgo at={delivery.receivedAt} now={now} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
