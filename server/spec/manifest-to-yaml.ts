// A manifest written out as the YAML a person would keep in a file (and paste into `setpoint apply`).
// Browser-safe: the form's YAML tab uses it.
import { stringify } from "yaml";

export function manifestToYaml(manifest: unknown): string {
  // lineWidth 0: never fold a long command or intent across lines; it reads back identically either way.
  return stringify(manifest, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
}
