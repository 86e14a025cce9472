// Which of the three kinds a layer is. Kept out of goal-spec.ts so light callers (the CLI's output)
// do not load zod to read one key.
import type { Layer } from "./goal-spec";

export function layerKind(layer: Layer): "run" | "policy" | "agent" {
  return "run" in layer ? "run" : "policy" in layer ? "policy" : "agent";
}
