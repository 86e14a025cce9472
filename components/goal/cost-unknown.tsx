// An iteration whose agent's CLI printed tokens but no cost (codex, gemini-cli): unknown, never "$0.00".
export function CostUnknown() {
  return (
    <span className="muted" title="This agent's CLI reports tokens, not cost" data-testid="cost-unknown">
      unknown
    </span>
  );
}
