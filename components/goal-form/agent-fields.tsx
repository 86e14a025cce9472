"use client";
// An agent's executor and its settings: the maker under spec.agent, a reviewer under a layer's agent.
import { EXECUTOR_CATALOG, EXECUTORS, executorEntry } from "@/server/executors/executor-catalog";
import type { AgentValues } from "./form-values";
import { KeyValueList } from "./key-value-list";
import { SelectField, TextField } from "./text-field";

export const EXECUTOR_OPTIONS = [
  { value: "", label: "Choose an executor…" },
  ...EXECUTORS.map((executor) => ({ value: executor, label: `${executor} — ${EXECUTOR_CATALOG[executor].label}` })),
];

const PERMISSION_OPTIONS = [
  { value: "", label: "edit (default) — file edits only" },
  { value: "edit", label: "edit — file edits only" },
  { value: "full", label: "full — edits and commands" },
];

type Props = { path: string; agent: AgentValues; onChange: (agent: AgentValues) => void; role: "maker" | "reviewer" };

export function AgentFields({ path, agent, onChange, role }: Props) {
  const set = (change: Partial<AgentValues>) => onChange({ ...agent, ...change });
  const label = (name: string) => (role === "reviewer" ? `Reviewer ${name.toLowerCase()}` : name);
  // A field that does not apply to the executor is still shown while it holds something, so nothing is hidden away.
  const entry = executorEntry(agent.executor);
  const showCommand = entry?.commandRequired === true || agent.command !== "";
  const showModel = entry?.cliSettings === true || agent.model !== "";
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField
        path={`${path}.executor`}
        label={label("Executor")}
        value={agent.executor}
        options={EXECUTOR_OPTIONS}
        onChange={(executor) => set({ executor })}
        hint={
          role === "reviewer"
            ? "Must differ from the maker's executor: the maker never grades itself."
            : (entry?.hint ?? "The coding agent that makes each iteration's change.")
        }
      />
      <TextField
        path={`${path}.timeoutSeconds`}
        label={label("Timeout (seconds)")}
        value={agent.timeoutSeconds}
        inputMode="numeric"
        placeholder="600 (default)"
        onChange={(timeoutSeconds) => set({ timeoutSeconds })}
      />
      {showCommand && (
        <TextField
          className="sm:col-span-2"
          path={`${path}.command`}
          label={label("Command")}
          value={agent.command}
          mono
          placeholder="./my-agent.sh"
          onChange={(command) => set({ command })}
          hint="Runs in the worktree; the prompt arrives on stdin and in $SETPOINT_PROMPT_FILE; stdout is its final answer."
        />
      )}
      {showModel && (
        <TextField
          path={`${path}.model`}
          label={label("Model")}
          value={agent.model}
          mono
          placeholder="the CLI's default"
          onChange={(model) => set({ model })}
        />
      )}
      <TextField
        className={showModel ? "" : "sm:col-span-2"}
        path={`${path}.args`}
        label={label("Arguments")}
        value={agent.args}
        mono
        rows={2}
        placeholder="one argument per line"
        onChange={(args) => set({ args })}
        hint="Extra arguments passed to the agent, one per line."
      />
      {showModel && (
        <TextField
          path={`${path}.baseUrl`}
          label={label("API base URL")}
          value={agent.baseUrl}
          mono
          placeholder="the provider's own"
          onChange={(baseUrl) => set({ baseUrl })}
          hint="A gateway or local model server; the API key comes from a goal secret."
        />
      )}
      {showModel && (
        <SelectField
          path={`${path}.permissions`}
          label={label("Permissions")}
          value={agent.permissions}
          options={PERMISSION_OPTIONS}
          onChange={(permissions) => set({ permissions })}
        />
      )}
      <div className="sm:col-span-2">
        <KeyValueList
          path={`${path}.env`}
          legend={label("Environment")}
          noun="variable"
          rows={agent.env}
          onChange={(env) => set({ env })}
          keyPlaceholder="NAME"
          valuePlaceholder="value"
        />
      </div>
    </div>
  );
}
