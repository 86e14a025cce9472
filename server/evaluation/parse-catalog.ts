// Every output format a run layer can parse, one line each. The schema's `parse` values, the form's picker,
// its hint and metric suggestions, and the runner's rule that a failed test fails the layer all read it; a
// new format is its parser file (parse-<name>.ts, called from run-layer.ts, which the compiler points at)
// and a line here. Plain data, since the form's browser bundle reads it.
export type ParserEntry = {
  hint: string; // what the form says under the picker
  metrics: readonly string[]; // the metrics it always reports (regex and json report what the layer names)
  countsTests: boolean; // it reports `failed` test counts, and a failed test fails the layer
};

const TEST_COUNTS = ["pass_ratio", "passed", "failed", "total"] as const;

export const PARSE_CATALOG = {
  "exit-code": { hint: "ok = 1 when the command exits 0", metrics: ["ok"], countsTests: false },
  tap: { hint: "TAP output: pass_ratio, passed, failed, total", metrics: TEST_COUNTS, countsTests: true },
  junit: { hint: "JUnit XML on stdout: pass_ratio, passed, failed, total", metrics: TEST_COUNTS, countsTests: true },
  regex: { hint: "each named group in the pattern becomes a metric", metrics: [], countsTests: false },
  json: { hint: "JSON on stdout; each metric reads a dotted field path", metrics: [], countsTests: false },
} as const satisfies Record<string, ParserEntry>;

export type ParserName = keyof typeof PARSE_CATALOG;
export const DEFAULT_PARSER: ParserName = "exit-code";
export const PARSERS = Object.keys(PARSE_CATALOG) as [ParserName, ...ParserName[]];

export function parserEntry(name: string): ParserEntry | undefined {
  return Object.hasOwn(PARSE_CATALOG, name) ? PARSE_CATALOG[name as ParserName] : undefined;
}
