// Every executor, one line each. The schema's `agent.executor` values and its per-executor rules, the form's
// picker, hints and which fields apply, the README's list and the runner's dispatch (run-agent.ts, which the
// compiler holds to these names) all read it: a new executor is its run-<name>.ts, a line here and its runner
// in run-agent.ts. Plain data, since the form's browser bundle reads it (the runners spawn processes).
export type ExecutorEntry = {
  label: string; // what the form's picker says after the name
  hint: string; // what the form says under the picker
  commandRequired: boolean; // agent.command is the agent itself (else it may only override a CLI's executable)
  cliSettings: boolean; // agent.model, baseUrl and permissions apply: it drives a model provider's CLI
  modelRequired: string | null; // why agent.model is required, when it is
};

const CLI = { commandRequired: false, cliSettings: true, modelRequired: null } as const;

export const EXECUTOR_CATALOG = {
  demo: {
    label: "scripted demo agent, no LLM",
    hint: "Fixes Setpoint's sample calculator one bug per iteration; for trying Setpoint out.",
    commandRequired: false,
    cliSettings: false,
    modelRequired: null,
  },
  command: { label: "your own program", hint: "Any program that follows the agent contract.", commandRequired: true, cliSettings: false, modelRequired: null },
  "claude-code": { ...CLI, label: "Claude Code CLI", hint: "Runs `claude -p` headless in the worktree." },
  codex: { ...CLI, label: "OpenAI Codex CLI", hint: "Runs `codex exec` in the worktree." },
  "gemini-cli": {
    ...CLI,
    label: "Google Gemini CLI",
    hint: "Runs `gemini -p` headless in the worktree; needs a model.",
    modelRequired: "(e.g. gemini-2.5-pro): without it Gemini CLI first asks another model which one to use",
  },
  aider: { ...CLI, label: "Aider CLI", hint: "Runs `aider` with the prompt as a message file." },
} as const satisfies Record<string, ExecutorEntry>;

export type ExecutorName = keyof typeof EXECUTOR_CATALOG;
export const EXECUTORS = Object.keys(EXECUTOR_CATALOG) as [ExecutorName, ...ExecutorName[]];

export function executorEntry(name: string): ExecutorEntry | undefined {
  return Object.hasOwn(EXECUTOR_CATALOG, name) ? EXECUTOR_CATALOG[name as ExecutorName] : undefined;
}
