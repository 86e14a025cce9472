// What a CLI agent did in one run, read from its own event stream (Claude Code's stream-json, Codex's
// JSONL): the steps in order, the files it touched, the commands it ran, the tool calls its permissions
// denied, and the session it can be resumed from in a terminal. Stored on the iteration (Iteration.transcript)
// and read back through this schema for the iteration page and the next prompt.
import { z } from "zod";

export const TRANSCRIPT_STEP_LIMIT = 500;

const transcriptStep = z.object({
  // text: the model said something; tool: it called a tool (edit, read, command, …).
  kind: z.enum(["text", "tool"]),
  // The tool's name as the CLI calls it (Read, Edit, Bash, apply_patch…); empty for text.
  tool: z.string().default(""),
  // One line a person reads: the text, the file, or the command.
  summary: z.string(),
  // ok: it ran and succeeded; failed: it ran and failed; denied: the CLI's permissions refused it.
  status: z.enum(["ok", "failed", "denied"]).default("ok"),
});

const denial = z.object({ tool: z.string(), summary: z.string() });

export const agentTranscriptSchema = z.object({
  sessionId: z.string().nullable().default(null),
  // The command that continues the session in a terminal (in the iteration's working folder).
  resumeCommand: z.string().nullable().default(null),
  steps: z.array(transcriptStep).default([]),
  // Steps beyond TRANSCRIPT_STEP_LIMIT are counted, not kept.
  stepsLeftOut: z.number().int().nonnegative().default(0),
  filesTouched: z.array(z.string()).default([]),
  commandsRun: z.array(z.string()).default([]),
  denials: z.array(denial).default([]),
});

export type AgentTranscript = z.infer<typeof agentTranscriptSchema>;
export type TranscriptStep = z.infer<typeof transcriptStep>;
export type ToolDenial = z.infer<typeof denial>;

// A stored transcript (Json column), or null when there is none or it is not one (never throws on old rows).
export function readTranscript(value: unknown): AgentTranscript | null {
  if (value === null || value === undefined) return null;
  const parsed = agentTranscriptSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

// "Bash: npm test" — how a denied call is named on the iteration, in events and in the next prompt.
export function describeDenial(denied: ToolDenial): string {
  return denied.summary ? `${denied.tool}: ${denied.summary}` : denied.tool;
}
