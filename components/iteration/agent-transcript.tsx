// What a CLI agent did, from its own event stream: the session to resume, the files it touched, the
// commands it ran, and every step in order; and, at the top of the page, the tool calls its permissions
// denied (a run that "succeeded" but was refused what it needed).
import { describeDenial, type AgentTranscript, type TranscriptStep } from "@/server/executors/agent-transcript";

export function AgentTranscriptView({ transcript }: { transcript: AgentTranscript }) {
  const { filesTouched, commandsRun, steps } = transcript;
  return (
    <div data-testid="agent-transcript" className="space-y-4 text-sm">
      {transcript.sessionId && (
        <div>
          <p>
            <span className="muted">Session</span>{" "}
            <span data-testid="session-id" className="font-mono text-xs">
              {transcript.sessionId}
            </span>
          </p>
          {transcript.resumeCommand && (
            <>
              <p className="muted mt-1 text-xs">
                Resume it in a terminal on the runner&apos;s machine, as the agent user (the iteration&apos;s folder must exist: recreate it with git worktree
                add at that path):
              </p>
              <pre data-testid="resume-command" className="mt-1 overflow-x-auto rounded bg-slate-100 px-3 py-2 font-mono text-xs dark:bg-slate-900">
                {transcript.resumeCommand}
              </pre>
            </>
          )}
        </div>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <NamedList testId="files-touched" title="Files touched" items={filesTouched} empty="No file edited." />
        <NamedList testId="commands-run" title="Commands run" items={commandsRun} empty="No command run." />
      </div>
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Steps</h3>
        {steps.length === 0 ? (
          <p className="muted mt-1">No steps were recorded.</p>
        ) : (
          <ol data-testid="transcript-steps" className="mt-1 space-y-1">
            {steps.map((step, index) => (
              <Step key={index} step={step} />
            ))}
          </ol>
        )}
        {transcript.stepsLeftOut > 0 && <p className="muted mt-1 text-xs">and {transcript.stepsLeftOut} more steps, not kept</p>}
      </div>
    </div>
  );
}

const STATUS_CLASS: Record<TranscriptStep["status"], string> = {
  ok: "",
  failed: "text-red-700 dark:text-red-400",
  denied: "text-amber-700 dark:text-amber-400",
};

function Step({ step }: { step: TranscriptStep }) {
  if (step.kind === "text")
    return (
      <li data-kind="text" className="muted whitespace-pre-wrap break-words">
        {step.summary}
      </li>
    );
  return (
    <li data-kind="tool" data-status={step.status} className="flex gap-2">
      <span className="shrink-0 rounded bg-slate-100 px-1.5 font-mono text-xs dark:bg-slate-800">{step.tool}</span>
      <span className="min-w-0 break-all font-mono text-xs">{step.summary}</span>
      {step.status !== "ok" && <span className={`shrink-0 text-xs font-medium ${STATUS_CLASS[step.status]}`}>{step.status}</span>}
    </li>
  );
}

function NamedList({ testId, title, items, empty }: { testId: string; title: string; items: string[]; empty: string }) {
  return (
    <div data-testid={testId}>
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {items.length === 0 ? (
        <p className="muted mt-1">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-0.5 font-mono text-xs">
          {items.map((item, index) => (
            <li key={index} className="break-all">
              {item}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DeniedToolCalls({ denials }: { denials: AgentTranscript["denials"] }) {
  if (denials.length === 0) return null;
  return (
    <div
      role="status"
      data-testid="denied-tool-calls"
      className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <p className="font-semibold">
        {denials.length === 1 ? "1 tool call was denied" : `${denials.length} tool calls were denied`} by the agent&apos;s permissions (agent.permissions)
      </p>
      <ul className="mt-1 list-disc pl-5 font-mono text-xs">
        {denials.map((denied, index) => (
          <li key={index} className="break-all">
            {describeDenial(denied)}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs">The next prompt tells the agent. To allow commands, set agent.permissions: full.</p>
    </div>
  );
}
