// The browser's check of a manifest with the one goal schema (the server runs the same one), as
// issues in the shape the server sends back, so both are shown the same way.
import { goalManifestSchema } from "@/server/spec/goal-spec";
import { issuesToSpecErrors } from "@/server/spec/spec-error";
import type { FormIssue } from "./issue-paths";

export function checkManifest(manifest: unknown): FormIssue[] {
  const parsed = goalManifestSchema.safeParse(manifest);
  if (parsed.success) return [];
  return issuesToSpecErrors(parsed.error.issues, manifest).map(({ path, message }) => ({ path, message }));
}
