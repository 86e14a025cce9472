// `-o json` and `-o yaml`: the object as the API returned it.
import { stringify } from "yaml";

export function formatObject(value: unknown, format: "json" | "yaml"): string {
  return format === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
}
