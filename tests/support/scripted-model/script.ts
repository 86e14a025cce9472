// What a scripted model answers, turn by turn, whatever the provider's wire format: the model servers
// (anthropic-messages.ts, openai-responses.ts, gemini.ts) each translate a turn into their own API.
// A turn is one model call's answer: some text, tool calls, or an HTTP error; and the usage it reports,
// fixed, so a test can compare the tokens the CLI printed with what the model said it used.

export type ScriptedUsage = {
  inputTokens: number;
  outputTokens: number;
  // Providers that report cache use (Anthropic) pass these on; others ignore them.
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
};

export type ScriptedToolCall = {
  // The tool's name as the CLI offers it (Claude Code: Read, Edit, Write, Bash; Codex: apply_patch, shell…).
  name: string;
  input: Record<string, unknown>;
  // Made up by the server when absent.
  id?: string;
};

export type ScriptedTurn =
  | { kind: "text"; text: string; usage: ScriptedUsage }
  | { kind: "tools"; calls: ScriptedToolCall[]; text?: string; usage: ScriptedUsage }
  // An HTTP error answer instead of a model turn (400: the CLI does not retry; 429/5xx it may).
  | { kind: "error"; status: number; message: string }
  // No answer at all (the request stays open until the server closes): for timeout tests.
  | { kind: "hang" };

// What the server saw: tests assert on it (the prompt, the working directory, the model name).
export type RecordedRequest = {
  method: string;
  // Path with the query string, e.g. "/v1/messages?beta=true".
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  // Which turn answered it (index into the script), or null when none did (unknown route, script used up).
  turn: number | null;
};

// A turn may depend on the request it answers (e.g. a file path in the working directory the CLI reported).
export type ScriptStep = ScriptedTurn | ((request: RecordedRequest) => ScriptedTurn);
export type Script = readonly ScriptStep[];

// Hands out the script's turns in order. When the script is used up, `next` returns null and the server
// answers with an error naming the call, so a test whose CLI made more calls than scripted fails loudly.
export class ScriptCursor {
  private position = 0;
  constructor(private readonly turns: Script) {}

  next(request?: RecordedRequest): { turn: ScriptedTurn; index: number } | null {
    if (this.position >= this.turns.length) return null;
    const index = this.position++;
    const step = this.turns[index];
    if (typeof step !== "function") return { turn: step, index };
    if (!request) throw new Error(`script turn ${index} depends on the request; pass it to next()`);
    return { turn: step(request), index };
  }

  get used(): number {
    return this.position;
  }

  get remaining(): number {
    return this.turns.length - this.position;
  }
}

// Short builders for scripts that read like the conversation they stand for.
export const usage = (inputTokens: number, outputTokens: number, extra: Partial<ScriptedUsage> = {}): ScriptedUsage => ({
  inputTokens,
  outputTokens,
  ...extra,
});
export const say = (text: string, reported: ScriptedUsage): ScriptedTurn => ({ kind: "text", text, usage: reported });
export const callTools = (calls: ScriptedToolCall[], reported: ScriptedUsage, text?: string): ScriptedTurn => ({
  kind: "tools",
  calls,
  usage: reported,
  ...(text ? { text } : {}),
});
export const callTool = (name: string, input: Record<string, unknown>, reported: ScriptedUsage): ScriptedTurn => callTools([{ name, input }], reported);
export const hang = (): ScriptedTurn => ({ kind: "hang" });
export const failWith = (status: number, message: string): ScriptedTurn => ({ kind: "error", status, message });
