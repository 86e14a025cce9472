// What the edit page (and its YAML tab) starts from: the goal's whole stored manifest, defaults included
// (as applied they are part of it), in the order goals are written rather than Postgres's key order.
import { inSchemaOrder } from "../spec/schema-keys";
import type { GoalObject } from "./goal-object";

export function editableManifest(goal: GoalObject): Record<string, unknown> {
  const { apiVersion, kind, metadata, spec } = goal;
  return inSchemaOrder({ apiVersion, kind, metadata: { name: metadata.name, labels: metadata.labels }, spec }) as Record<string, unknown>;
}
