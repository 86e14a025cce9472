// Candidate.layers: the LayerResult rows' fields without ids, as the runner wrote them. Read defensively
// (it is JSON), in the layers' order.
export type CandidateLayer = {
  name: string;
  position: number;
  kind: string;
  ok: boolean;
  metrics: Record<string, number>;
  log: string;
  exitCode: number | null;
  durationMs: number;
  comments: string | null;
  hiddenFailed: boolean | null;
};

export function readCandidateLayers(value: unknown): CandidateLayer[] {
  if (!Array.isArray(value)) return [];
  return (value as Record<string, unknown>[])
    .map((layer, index) => ({
      name: String(layer.name),
      position: typeof layer.position === "number" ? layer.position : index,
      kind: String(layer.kind),
      ok: layer.ok === true,
      metrics: (layer.metrics && typeof layer.metrics === "object" ? layer.metrics : {}) as Record<string, number>,
      log: typeof layer.log === "string" ? layer.log : "",
      exitCode: typeof layer.exitCode === "number" ? layer.exitCode : null,
      durationMs: typeof layer.durationMs === "number" ? layer.durationMs : 0,
      comments: typeof layer.comments === "string" ? layer.comments : null,
      hiddenFailed: typeof layer.hiddenFailed === "boolean" ? layer.hiddenFailed : null,
    }))
    .sort((a, b) => a.position - b.position);
}
