// Agent commands run through /bin/sh, so every argument we add is quoted to reach the agent as one word.
const SAFE_WORD = /^[A-Za-z0-9_/.,:=@%+-]+$/;

export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// `executable` is shell text on purpose (agent.command may be "npx @anthropic-ai/claude-code"); args are quoted.
// `env`: variables set on the command line itself (NAME='value' executable …).
export function commandLine(executable: string, args: readonly string[], env: Record<string, string> = {}): string {
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${shellQuote(value)}`);
  return [...assignments, executable, ...args.map(shellQuote)].join(" ");
}
