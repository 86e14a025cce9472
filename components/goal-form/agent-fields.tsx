"use client";
// An agent's executor and its settings: the maker under spec.agent, a reviewer under a layer's agent.
import { EXECUTORS } from "@/server/spec/goal-spec";
import type { AgentValues } from "./form-values";
import { KeyValueList } from "./key-value-list";
import { SelectField, TextField } from "./text-field";

const EXECUTOR_LABELS: Record<(typeof EXECUTORS)[number], string> = {
  demo: "demo — scripted demo agent, no LLM",
  command: "command — your own program",
  "claude-code": "claude-code — Claude Code CLI",
  codex: "codex — OpenAI Codex CLI",
  aider: "aider — Aider CLI",
};

export const EXECUTOR_OPTIONS = [
  { value: "", label: "Choose an executor…" },
  ...EXECUTORS.map((executor) => ({ value: executor, label: EXECUTOR_LABELS[executor] })),
];

const MODEL_EXECUTORS = new Set(["claude-code", "codex", "aider"]);

type Props = { path: string; agent: AgentValues; onChange: (agent: AgentValues) => void; role: "maker" | "reviewer" };

export function AgentFields({ path, agent, onChange, role }: Props) {
  const set = (change: Partial<AgentValues>) => onChange({ ...agent, ...change });
  const label = (name: string) => (role === "reviewer" ? `Reviewer ${name.toLowerCase()}` : name);
  // A field that does not apply to the executor is still shown while it holds something, so nothing is hidden away.
  const showCommand = agent.executor === "command" || agent.command !== "";
  const showModel = MODEL_EXECUTORS.has(agent.executor) || agent.model !== "";
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField path={`${path}.executor`} label={label("Executor")} value={agent.executor} options={EXECUTOR_OPTIONS}
        onChange={(executor) => set({ executor })}
        hint={role === "reviewer" ? "Must differ from the maker's executor: the maker never grades itself." : executorHint(agent.executor)} />
      <TextField path={`${path}.timeoutSeconds`} label={label("Timeout (seconds)")} value={agent.timeoutSeconds} inputMode="numeric"
        placeholder="600 (default)" onChange={(timeoutSeconds) => set({ timeoutSeconds })} />
      {showCommand && (
        <TextField className="sm:col-span-2" path={`${path}.command`} label={label("Command")} value={agent.command} mono
          placeholder="./my-agent.sh" onChange={(command) => set({ command })}
          hint="Runs in the worktree; the prompt arrives on stdin and in $SETPOINT_PROMPT_FILE; stdout is its final answer." />
      )}
      {showModel && (
        <TextField path={`${path}.model`} label={label("Model")} value={agent.model} mono placeholder="the CLI's default"
          onChange={(model) => set({ model })} />
      )}
      <TextField className={showModel ? "" : "sm:col-span-2"} path={`${path}.args`} label={label("Arguments")} value={agent.args} mono rows={2}
        placeholder="one argument per line" onChange={(args) => set({ args })} hint="Extra arguments passed to the agent, one per line." />
      <div className="sm:col-span-2">
        <KeyValueList path={`${path}.env`} legend={label("Environment")} noun="variable" rows={agent.env}
          onChange={(env) => set({ env })} keyPlaceholder="NAME" valuePlaceholder="value" />
      </div>
    </div>
  );
}

function executorHint(executor: string): string {
  switch (executor) {
    case "demo": return "Fixes Setpoint's sample calculator one bug per iteration; for trying Setpoint out.";
    case "command": return "Any program that follows the agent contract.";
    case "claude-code": return "Runs `claude -p` headless in the worktree.";
    case "codex": return "Runs `codex exec` in the worktree.";
    case "aider": return "Runs `aider` with the prompt as a message file.";
    default: return "The coding agent that makes each iteration's change.";
  }
}
