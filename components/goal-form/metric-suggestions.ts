// The metrics the form's layers will report, offered as suggestions for a target's metric name.
import { DEFAULT_PARSER, PARSE_CATALOG, parserEntry } from "@/server/evaluation/parse-catalog";
import type { LayerValues } from "./form-values";

export function suggestMetrics(layers: LayerValues[]): string[] {
  return layers.flatMap((layer) => {
    const name = layer.name.trim();
    if (!name) return [];
    return metricsOf(layer).map((metric) => `${name}.${metric}`);
  });
}

function metricsOf(layer: LayerValues): string[] {
  if (layer.kind === "policy") return ["ok", "changed_lines", "violations"];
  if (layer.kind === "agent") return ["approved", "score"];
  switch (layer.parse) {
    case "regex":
      return [...layer.pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((match) => match[1]);
    case "json":
      return layer.fields.map((row) => row.key.trim()).filter(Boolean);
    default:
      return [...(parserEntry(layer.parse) ?? PARSE_CATALOG[DEFAULT_PARSER]).metrics];
  }
}
