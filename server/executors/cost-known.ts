// Whether an iteration's cost is known. Codex and Gemini CLI print the tokens a run used, not what it cost
// (through a gateway too): their iterations' $0 means "not reported", and is shown as unknown, never as free.
const PRINT_NO_COST = new Set(["codex", "gemini-cli"]);

// executor: the maker's, as the iteration recorded it (null on baselines, which run no agent).
export function costKnown(executor: string | null, costUsd: number): boolean {
  return costUsd > 0 || executor === null || !PRINT_NO_COST.has(executor);
}
