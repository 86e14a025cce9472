"use client";
// Makes the goal's webhook secret (or a new one, after which the old one no longer verifies), shown once.
import { useState } from "react";
import { ShownOnce } from "@/components/settings/shown-once";
import { useAction } from "@/components/settings/use-action";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { api } from "@/components/trpc-client";

export function RotateWebhookButton({ goal, hasSecret, url }: { goal: string; hasSecret: boolean; url: string }) {
  const { busy, error, run } = useAction();
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = async () => {
    const result = await run(() => api.webhooks.rotateSecret.mutate({ name: goal }));
    if (result) setSecret(result.secret);
  };
  return (
    <div className="space-y-2">
      {hasSecret ? (
        <ConfirmButton
          label="Rotate secret"
          question="A new secret? The current one stops verifying at once."
          yes="Yes, rotate"
          busyLabel="Rotating…"
          busy={busy}
          testId="webhook-rotate"
          onConfirm={() => void rotate()}
        />
      ) : (
        <button type="button" className="btn btn-sm btn-primary" data-testid="webhook-rotate" disabled={busy} onClick={() => void rotate()}>
          {busy ? "Making…" : "Make a secret"}
        </button>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {secret && (
        <ShownOnce label="Webhook secret" value={secret} onDone={() => setSecret(null)}>
          Give it to the sender of <code className="code-inline break-all">{url}</code>, which signs each delivery&apos;s body with it (HMAC-SHA256).
        </ShownOnce>
      )}
    </div>
  );
}
