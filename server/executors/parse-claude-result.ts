// Reads the result object `claude -p --output-format json` prints when it finishes (also the last line of
// stream-json): { type: "result", subtype, is_error, result, total_cost_usd, usage: { input_tokens, … } }.
// An API error reads { is_error: true, subtype: "success", api_error_status: 400, api_error_type, result: message };
// max turns { subtype: "error_max_turns", errors: ["Reached maximum number of turns (1)"] }.
export type ClaudeResult = {
  isError: boolean;
  subtype: string;
  text: string;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  apiErrorStatus: number | null;
  apiErrorType: string | null;
  errors: string[];
};

export function parseClaudeResult(stdout: string): ClaudeResult | null {
  const candidates = [stdout.trim(), ...stdout.trim().split("\n").reverse()];
  for (const candidate of candidates) {
    const object = parseObject(candidate);
    if (object && object.type === "result") return fromResultObject(object);
  }
  return null;
}

function fromResultObject(object: Record<string, unknown>): ClaudeResult {
  const usage = (typeof object.usage === "object" && object.usage !== null ? object.usage : {}) as Record<string, unknown>;
  const subtype = typeof object.subtype === "string" ? object.subtype : "";
  return {
    isError: object.is_error === true || subtype.startsWith("error"),
    subtype,
    text: typeof object.result === "string" ? object.result : "",
    costUsd: numberOr0(object.total_cost_usd ?? object.cost_usd),
    // Cache writes and reads are input too, billed at their own rates.
    tokensIn: numberOr0(usage.input_tokens) + numberOr0(usage.cache_creation_input_tokens) + numberOr0(usage.cache_read_input_tokens),
    tokensOut: numberOr0(usage.output_tokens),
    apiErrorStatus: typeof object.api_error_status === "number" ? object.api_error_status : null,
    apiErrorType: typeof object.api_error_type === "string" ? object.api_error_type : null,
    errors: Array.isArray(object.errors) ? object.errors.filter((each): each is string => typeof each === "string") : [],
  };
}

function parseObject(text: string): Record<string, unknown> | null {
  if (!text.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function numberOr0(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
