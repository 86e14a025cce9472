"use client";
// Makes an API token for the CLI or CI: a name, a role and an expiry. It acts as the person making it,
// and is shown once.
import { useId, useState } from "react";
import { api } from "@/components/trpc-client";
import type { Role } from "@/server/auth/roles";
import { Field } from "./field";
import { NameAndRoleFields } from "./name-and-role-fields";
import { ShownOnce } from "./shown-once";
import { useAction } from "./use-action";

const EXPIRIES = [
  { value: "7", label: "in 7 days" },
  { value: "30", label: "in 30 days" },
  { value: "90", label: "in 90 days" },
  { value: "365", label: "in a year" },
  { value: "never", label: "never" },
];

export function CreateTokenForm({ owner }: { owner: string }) {
  const id = useId();
  const { busy, error, run, issueFor, errorBeside } = useAction();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("operator");
  const [expiry, setExpiry] = useState("90");
  const [made, setMade] = useState<{ name: string; token: string; expiresAt: string | Date | null } | null>(null);

  async function submit() {
    const result = await run(() => api.tokens.create.mutate({ name: name.trim(), role, expiresInDays: expiry === "never" ? null : Number(expiry) }));
    if (!result) return;
    setMade(result);
    setName("");
  }

  return (
    <form
      className="space-y-3"
      data-testid="create-token-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_10rem_auto] sm:items-start">
        <NameAndRoleFields id={id} name={name} role={role} nameHint="what it is for, like ci" issueFor={issueFor} onName={setName} onRole={setRole} />
        <Field id={`${id}-expires`} label="Expires" error={issueFor("expiresInDays")}>
          <select className="input" value={expiry} onChange={(event) => setExpiry(event.target.value)}>
            {EXPIRIES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="btn btn-primary sm:mt-6" disabled={busy}>
          {busy ? "Creating…" : "Create token"}
        </button>
      </div>
      <p className="field-hint">It acts as you ({owner}): events name you, with the token beside you, and four-eyes counts it as you.</p>
      {errorBeside(["name", "role", "expiresInDays"]) && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {made && (
        <ShownOnce
          label={`Token ${made.name}, ${made.expiresAt ? `expiring ${new Date(made.expiresAt).toISOString().slice(0, 10)}` : "never expiring"}`}
          value={made.token}
          onDone={() => setMade(null)}
        >
          Use it as <code className="code-inline">SETPOINT_TOKEN</code> for the CLI, or send it as <code className="code-inline">Authorization: Bearer …</code>.
        </ShownOnce>
      )}
    </form>
  );
}
