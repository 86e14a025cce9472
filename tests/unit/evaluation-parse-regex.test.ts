import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRegex } from "../../server/evaluation/parse-regex";

const vitestCoverage = `
 % Coverage report from v8
All files          |   71.42 |    66.66 |     100 |   71.42 |
Statements   : 71.42% ( 10/14 )
Lines        : 68.5% ( 37/54 )
Statements   : 83.33% ( 10/12 )
Lines        : 91.2% ( 52/57 )
`;

test("the last match wins and each named group becomes a number", () => {
  const parsed = parseRegex(vitestCoverage, String.raw`^Lines\s*: (?<lines>[\d.]+)% \( (?<covered>\d+)/\d+ \)`);
  assert.deepEqual(parsed, { found: true, metrics: { lines: 91.2, covered: 52 }, problems: [] });
});

test("a group that is not a number is left out and said", () => {
  const parsed = parseRegex("score: 12 grade: B\n", String.raw`score: (?<score>\d+) grade: (?<grade>\w+)`);
  assert.deepEqual(parsed, { found: true, metrics: { score: 12 }, problems: ["group 'grade' matched 'B', which is not a number"] });
});

test("a pattern that does not match is reported as nothing found", () => {
  const parsed = parseRegex("nothing here\n", String.raw`coverage: (?<pct>[\d.]+)%`);
  assert.equal(parsed.found, false);
  assert.match(parsed.found ? "" : parsed.reason, /did not match/);
});

test("a pattern without named groups, an invalid pattern, or no pattern say what is wrong", () => {
  const noGroups = parseRegex("coverage: 80%", String.raw`coverage: ([\d.]+)%`);
  const invalid = parseRegex("coverage: 80%", "coverage: (?<pct>[");
  const missing = parseRegex("coverage: 80%", undefined);
  assert.match(noGroups.found ? "" : noGroups.reason, /no named groups/);
  assert.match(invalid.found ? "" : invalid.reason, /not a valid regular expression/);
  assert.match(missing.found ? "" : missing.reason, /needs a 'pattern'/);
});
