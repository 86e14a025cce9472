"use client";
// Deletes one of a goal's secrets: iterations from the next one on no longer see it.
import { useAction } from "@/components/settings/use-action";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { api } from "@/components/trpc-client";

export function DeleteSecretButton({ goal, secret }: { goal: string; secret: string }) {
  const { busy, error, run } = useAction();
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <ConfirmButton
        label="Delete"
        question={`Delete ${secret}?`}
        yes="Yes, delete"
        busyLabel="Deleting…"
        busy={busy}
        testId="secret-delete"
        onConfirm={() => void run(() => api.secrets.delete.mutate({ name: goal, secret }))}
      />
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
