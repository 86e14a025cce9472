// Reads aider's usage lines, one per model message:
//   "Tokens: 2.3k sent, 1.1k cache write, 5.0k cache hit, 156 received. Cost: $0.0093 message, $0.0210 session."
// Counts are abbreviated by aider ("2.3k", "12k"); the Cost part is absent when the model has no price.
export type AiderUsage = {
  messages: number; // how many usage lines were found
  costUsd: number; // sum of the per-message costs
  tokensIn: number; // sent + cache hit (aider's "sent" already includes cache writes)
  tokensOut: number;
};

const MESSAGE_COST = /Cost:\s*\$([0-9.]+)\s+message/;

export function parseAiderOutput(output: string): AiderUsage {
  const usage: AiderUsage = { messages: 0, costUsd: 0, tokensIn: 0, tokensOut: 0 };
  for (const line of output.split("\n")) {
    const tokens = tokenCounts(line);
    if (tokens === null) continue;
    usage.messages += 1;
    const parts = `${tokens} received`.split(",").map((part) => part.trim());
    for (const part of parts) {
      const match = /^([0-9.]+[kKmM]?)\s+(sent|cache hit|received)$/.exec(part);
      if (!match) continue;
      const count = parseCount(match[1]);
      if (match[2] === "received") usage.tokensOut += count;
      else usage.tokensIn += count;
    }
    const cost = MESSAGE_COST.exec(line);
    if (cost) usage.costUsd += Number(cost[1]);
  }
  usage.costUsd = Math.round(usage.costUsd * 1e6) / 1e6; // sums of decimal strings drift
  return usage;
}

// What stands between "Tokens:" and the first " received." after it. Not /Tokens:\s*(.*?)\s+received\./:
// the output is the agent's, and that regex took cubic time over a long run of spaces.
function tokenCounts(line: string): string | null {
  const start = line.indexOf("Tokens:");
  if (start === -1) return null;
  const from = start + "Tokens:".length;
  for (let at = line.indexOf("received.", from); at !== -1; at = line.indexOf("received.", at + 1)) {
    let end = at;
    while (end > from && /\s/.test(line[end - 1])) end -= 1;
    if (end < at) return line.slice(from, end).trim();
  }
  return null;
}

function parseCount(text: string): number {
  const unit = text.at(-1)?.toLowerCase();
  const scale = unit === "k" ? 1_000 : unit === "m" ? 1_000_000 : 1;
  const number = Number(scale === 1 ? text : text.slice(0, -1));
  return Number.isFinite(number) ? Math.round(number * scale) : 0;
}
