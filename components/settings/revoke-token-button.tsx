"use client";
// Revokes one token (by its id): it stops working at once.
import { ConfirmButton } from "@/components/ui/confirm-button";
import { api } from "@/components/trpc-client";
import { useAction } from "./use-action";

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const { busy, error, run } = useAction();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <ConfirmButton
        label="Revoke"
        question={`Revoke ${name}? It stops working at once.`}
        yes="Yes, revoke"
        busyLabel="Revoking…"
        busy={busy}
        testId="token-revoke"
        onConfirm={() => void run(() => api.tokens.revoke.mutate({ name: id }))}
      />
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
