"use client";
// What the goal's commands may touch: the sandbox, the network, and the runner's variables they see.
import type { SandboxSupport } from "@/server/process/sandbox-support";
import { CheckboxField } from "./checkbox-field";
import type { FormValues } from "./form-values";
import { NameListField } from "./name-list-field";
import { SelectField } from "./text-field";

type Props = { values: FormValues; support: SandboxSupport | null; onChange: (change: Partial<FormValues>) => void };

export function SandboxFields({ values, support, onChange }: Props) {
  const bwrap = values.sandbox === "bwrap";
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          path="spec.sandbox"
          label="Sandbox"
          value={values.sandbox}
          options={[
            { value: "", label: "none — the runner's user, files and network (default)" },
            { value: "bwrap", label: "bwrap — bubblewrap: only the worktree writable" },
          ]}
          onChange={(sandbox) => onChange({ sandbox })}
        />
        <CheckboxField
          className="sm:pt-7"
          path="spec.network"
          label="Network access"
          checked={values.network}
          disabled={!bwrap && values.network}
          onChange={(network) => onChange({ network })}
          hint={
            bwrap
              ? "Untick for no network at all, loopback included (a setup like npm ci then fails: vendor the dependencies)."
              : "Only a sandbox can cut the network: choose bwrap first. Without one, commands have the runner's network."
          }
        />
      </div>
      <SandboxNote bwrap={bwrap} support={support} onUseBwrap={() => onChange({ sandbox: "bwrap" })} />
      <NameListField
        path="spec.env.pass"
        label="Variables passed from the runner"
        noun="variable"
        names={values.envPass}
        mono
        onChange={(envPass) => onChange({ envPass })}
        placeholder="ANTHROPIC_API_KEY, then Enter"
        hint="Runner environment variables the goal's commands may see, besides PATH, HOME and a few more; Setpoint's own credentials never pass. Prefer a goal secret for keys."
      />
    </div>
  );
}

function SandboxNote({ bwrap, support, onUseBwrap }: { bwrap: boolean; support: SandboxSupport | null; onUseBwrap: () => void }) {
  if (bwrap) {
    return (
      <p data-testid="sandbox-note" className="field-hint">
        Setup, agent and layer commands run with the file system read-only but the worktree, a private /tmp, and no sight of the runner&apos;s processes.
        {support?.bwrap && <> Bubblewrap works on this server.</>}
        {support && !support.bwrap && (
          <>
            {" "}
            <strong className="text-amber-700 dark:text-amber-300">Bubblewrap does not work on this server</strong> ({support.problem}): a runner like it fails
            the goal rather than run it unsandboxed.
          </>
        )}
      </p>
    );
  }
  return (
    <div
      data-testid="sandbox-note"
      role="note"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p>
        <strong>No sandbox:</strong> the agent and layer commands run as the runner&apos;s user, with its files and network. Unless the runner hands them to a
        separate user, they can read Setpoint&apos;s data folder and act as the installation (its admin token, secret key and database).
      </p>
      {support?.bwrap && (
        <p className="mt-2 flex flex-wrap items-center gap-2">
          Bubblewrap works on this server.
          <button type="button" data-testid="use-bwrap" className="btn btn-sm" onClick={onUseBwrap}>
            Use sandbox: bwrap
          </button>
        </p>
      )}
    </div>
  );
}
