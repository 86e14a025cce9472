"use client";
// One person's row controls: their role, a new password (generated, shown once; their sessions end),
// and removal (their sessions and tokens go too). An admin cannot remove themselves.
import { useId, useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { api } from "@/components/trpc-client";
import { ROLES, type Role } from "@/server/auth/roles";
import { ShownOnce } from "./shown-once";
import { useAction } from "./use-action";

export function UserActions({ name, role, isSelf }: { name: string; role: string; isSelf: boolean }) {
  const id = useId();
  const { busy, error, run } = useAction();
  const [chosen, setChosen] = useState(role);
  const [note, setNote] = useState<string | null>(null);
  const [password, setPassword] = useState<string | null>(null);

  async function saveRole() {
    const changed = await run(() => api.users.setRole.mutate({ name, role: chosen as Role }));
    if (changed)
      setNote(
        `now ${changed.role}${changed.revokedTokens.length ? `; revoked their tokens ${changed.revokedTokens.join(", ")}, which the role no longer covers` : ""}`,
      );
  }

  async function resetPassword() {
    const changed = await run(() => api.users.setPassword.mutate({ name }));
    if (changed?.password) setPassword(changed.password);
  }

  return (
    <div className="space-y-2" data-testid="user-actions" data-user={name}>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-role`} className="sr-only">
          Role of {name}
        </label>
        <select
          id={`${id}-role`}
          data-testid="user-role-select"
          className="input w-32 py-1 text-xs"
          value={chosen}
          disabled={busy}
          onChange={(event) => setChosen(event.target.value)}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-sm" data-testid="user-role-save" disabled={busy || chosen === role} onClick={() => void saveRole()}>
          Change role
        </button>
        <ConfirmButton
          label="Reset password"
          question={`A new password for ${name}? Their sessions end.`}
          yes="Yes, reset"
          busyLabel="Resetting…"
          busy={busy}
          danger={false}
          testId="user-reset-password"
          onConfirm={() => void resetPassword()}
        />
        {!isSelf && (
          <ConfirmButton
            label="Remove"
            question={`Remove ${name}, their sessions and tokens?`}
            yes="Yes, remove"
            busyLabel="Removing…"
            busy={busy}
            testId="user-remove"
            onConfirm={() => void run(() => api.users.remove.mutate({ name }))}
          />
        )}
      </div>
      {note && (
        <p role="status" className="text-xs text-emerald-800 dark:text-emerald-300">
          {note}
        </p>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {password && (
        <ShownOnce label={`New password for ${name}`} value={password} onDone={() => setPassword(null)}>
          Their sessions have ended; they sign in with this one.
        </ShownOnce>
      )}
    </div>
  );
}
