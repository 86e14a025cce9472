"use client";
// Adds a person: a name, a role, and a password they are given (generated unless one is typed), shown once.
import { useId, useState } from "react";
import { api } from "@/components/trpc-client";
import type { Role } from "@/server/auth/roles";
import { Field } from "./field";
import { NameAndRoleFields } from "./name-and-role-fields";
import { ShownOnce } from "./shown-once";
import { useAction } from "./use-action";

export function AddUserForm() {
  const id = useId();
  const { busy, error, run, issueFor, errorBeside } = useAction();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [password, setPassword] = useState("");
  const [added, setAdded] = useState<{ name: string; role: string; password?: string } | null>(null);

  async function submit() {
    const result = await run(() => api.users.add.mutate({ name: name.trim(), role, password: password || undefined }));
    if (!result) return;
    setAdded(result);
    setName("");
    setPassword("");
  }

  return (
    <form
      className="space-y-3"
      data-testid="add-user-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_1fr_auto] sm:items-start">
        <NameAndRoleFields id={id} name={name} role={role} nameHint="lowercase, like alice" issueFor={issueFor} onName={setName} onRole={setRole} />
        <Field id={`${id}-password`} label="Password (optional)" error={issueFor("password")} hint="empty: one is generated and shown once">
          <input className="input" type="password" value={password} autoComplete="new-password" onChange={(event) => setPassword(event.target.value)} />
        </Field>
        <button type="submit" className="btn btn-primary sm:mt-6" disabled={busy}>
          {busy ? "Adding…" : "Add user"}
        </button>
      </div>
      {errorBeside(["name", "role", "password"]) && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {added &&
        (added.password ? (
          <ShownOnce label={`${added.name} can sign in as ${added.role} with this password`} value={added.password} onDone={() => setAdded(null)}>
            Pass it on now; they sign in at <code className="code-inline">/sign-in</code> and an admin can reset it later.
          </ShownOnce>
        ) : (
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            {added.name} added as {added.role}, with the password you typed.
          </p>
        ))}
    </form>
  );
}
