// One layer's result. Metrics are already prefixed with the layer's name ("tests.pass_ratio").
export type LayerOutcome = {
  name: string;
  kind: "run" | "policy" | "agent";
  ok: boolean;
  metrics: Record<string, number>;
  log: string; // capped, tail kept
  exitCode: number | null;
  durationMs: number;
  comments: string | null; // reviewer comments (agent layers) or policy violations, for the next prompt
  costUsd?: number; // what a reviewer agent cost, so the goal's cost budget counts the checker too
  measuredFiles?: MeasuredFile[]; // a layer with hidden checks: each file copied in, hashed as measured
  hiddenFailed?: boolean; // a layer with hidden checks: it failed while every visible run layer passed
};

// What the certificate hashes: every protected and hidden file as the layers read it.
export type MeasuredFile = { path: string; sha256: string; kind: "protected" | "hidden" };

// `from`: the old path of a rename (git's -M), which the change also touches.
export type ChangedFile = { path: string; added: number; deleted: number; binary: boolean; from?: string };

export type EvaluationResult = {
  metrics: Record<string, number>; // every layer's metrics merged
  layers: LayerOutcome[];
  policyOk: boolean; // every policy layer passed
};
