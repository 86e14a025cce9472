// How deeply a YAML text nests, measured on the lexer's tokens before any parse: the yaml package
// composes documents recursively, and a few thousand nested `[` exhaust the stack, or the heap (the
// process aborts). A goal spec nests a handful of levels.
import { CST, Lexer } from "yaml";

export const MAX_YAML_DEPTH = 64;

// The line where nesting first goes past `max`, or null. Flow collections count each bracket; block
// structure counts indentation levels and the `- ` / `? ` indicators on a line.
export function lineTooDeep(text: string, max = MAX_YAML_DEPTH): number | null {
  let line = 1;
  let flow = 0;
  let indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  let onLine = 0;
  let scalarSource = false;
  for (const token of new Lexer().lex(text)) {
    if (scalarSource) {
      // A scalar's text (a block scalar's lines, brackets in quotes): content, not structure.
      scalarSource = false;
      line += newlines(token);
      continue;
    }
    const type = CST.tokenType(token);
    if (type === "newline") {
      line++;
      lineStart = true;
      indent = 0;
      onLine = 0;
      continue;
    }
    if (type === "space" || type === "comment" || type === null) {
      if (type === "space" && lineStart) indent = token.length - token.trimStart().length;
      line += newlines(token);
      continue;
    }
    if (type === "doc-start" || type === "doc-mode") {
      indents = [];
      flow = 0;
    }
    if (type === "scalar") scalarSource = true;
    if (type === "flow-seq-start" || type === "flow-map-start") flow++;
    if (type === "flow-seq-end" || type === "flow-map-end") flow = Math.max(0, flow - 1);
    if (type === "seq-item-ind" || type === "explicit-key-ind") onLine++;
    if (lineStart && flow === 0 && type !== "doc-start" && type !== "doc-mode") {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    if (type !== "doc-mode") lineStart = false;
    if (flow + indents.length + onLine > max) return line;
  }
  return null;
}

function newlines(token: string): number {
  let count = 0;
  for (let at = token.indexOf("\n"); at !== -1; at = token.indexOf("\n", at + 1)) count++;
  return count;
}
