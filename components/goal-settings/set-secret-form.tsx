"use client";
// Sets (or replaces) one of a goal's secrets. The value goes to the server once and is never shown
// again, here or anywhere: the field is cleared as soon as it is stored.
import { useId, useState } from "react";
import { Field } from "@/components/settings/field";
import { useAction } from "@/components/settings/use-action";
import { api } from "@/components/trpc-client";

export function SetSecretForm({ goal }: { goal: string }) {
  const id = useId();
  const { busy, error, run, issueFor, errorBeside } = useAction();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [done, setDone] = useState<string | null>(null);

  async function submit() {
    setDone(null);
    const result = await run(() => api.secrets.set.mutate({ name: goal, secret: name.trim(), value }));
    if (!result) return;
    setDone(
      `${result.name} ${result.created ? "set" : "replaced"}; iterations from the next one on see it${result.masked ? "" : ". It is shorter than 4 characters, so it is not masked in logs"}.`,
    );
    setName("");
    setValue("");
  }

  return (
    <form
      className="space-y-2"
      data-testid="set-secret-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-[14rem_1fr_auto] sm:items-start">
        <Field id={`${id}-name`} label="Name" error={issueFor("secret")} hint="an environment variable, like API_TOKEN">
          <input className="input font-mono" value={name} autoComplete="off" spellCheck={false} onChange={(event) => setName(event.target.value)} />
        </Field>
        <Field id={`${id}-value`} label="Value" error={issueFor("value")} hint="never shown again, nor given back by any API">
          <input className="input font-mono" type="password" value={value} autoComplete="off" onChange={(event) => setValue(event.target.value)} />
        </Field>
        <button type="submit" className="btn btn-primary sm:mt-6" disabled={busy}>
          {busy ? "Saving…" : "Set secret"}
        </button>
      </div>
      {errorBeside(["secret", "value"]) && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          {done}
        </p>
      )}
    </form>
  );
}
