// What a tool answers: text an agent reads. Long texts (a diff, a log) are cut in the middle, saying
// so and where the whole of it is, so one answer cannot flood the agent's context.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export const DEFAULT_MAX_CHARS = 40_000;

export function textResult(text: string, maxChars = DEFAULT_MAX_CHARS, whole?: string): CallToolResult {
  return { content: [{ type: "text", text: cutMiddle(text, maxChars, whole) }] };
}

function cutMiddle(text: string, maxChars: number, whole?: string): string {
  if (text.length <= maxChars) return text;
  const keep = Math.floor(maxChars / 2);
  const note = `\n[… ${text.length - 2 * keep} characters cut here${whole ? `; the whole text: ${whole}` : ""} …]\n`;
  return text.slice(0, keep) + note + text.slice(text.length - keep);
}
