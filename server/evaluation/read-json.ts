// JSON.parse over agent-controlled lines, without its exceptions: a failed parse costs about 10 µs, and an
// output of half a million lines that start like JSON and are not ("{" alone) held the runner for seconds.
// The text is first checked in one linear pass that never throws; only text that is one JSON value is parsed.
// biome-ignore-all lint/suspicious/noAssignInExpressions: a scanner moves its cursor in its conditions and stops at -1
const SPACE = /[ \t\n\r]*/y;
const STRING = /"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

// The value `text` holds, or undefined when it is not exactly one JSON value.
export function readJson(text: string): unknown {
  if (!isJson(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // cannot happen while isJson agrees with JSON.parse (a property test checks it does)
  }
}

export function isJson(text: string): boolean {
  const open: string[] = []; // the closing bracket of each container being read, innermost last
  let at = 0;
  for (;;) {
    // A value starts here.
    at = match(SPACE, text, at);
    const first = text[at];
    if (first === "{" || first === "[") {
      const close = first === "{" ? "}" : "]";
      at = match(SPACE, text, at + 1);
      if (text[at] === close) at += 1;
      else {
        open.push(close);
        if (close === "}" && (at = readKey(text, at)) === -1) return false;
        continue;
      }
    } else if ((at = readScalar(text, at)) === -1) return false;
    // After a value: a comma and the next one, the end of its container, or the end of the text.
    for (;;) {
      at = match(SPACE, text, at);
      if (open.length === 0) return at === text.length;
      const close = open[open.length - 1];
      if (text[at] === ",") {
        at += 1;
        if (close === "}" && (at = readKey(text, match(SPACE, text, at))) === -1) return false;
        break;
      }
      if (text[at] !== close) return false;
      open.pop();
      at += 1;
    }
  }
}

// `"name" :`; where the value starts, or -1.
function readKey(text: string, at: number): number {
  const end = match(STRING, text, at);
  if (end === -1) return -1;
  const colon = match(SPACE, text, end);
  return text[colon] === ":" ? colon + 1 : -1;
}

function readScalar(text: string, at: number): number {
  const end = match(STRING, text, at);
  return end !== -1 ? end : Math.max(match(NUMBER, text, at), match(LITERAL, text, at));
}

function match(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}
