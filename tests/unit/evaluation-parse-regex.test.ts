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

test("the last match wins and each named group becomes a number", async () => {
  const parsed = await parseRegex(vitestCoverage, String.raw`^Lines\s*: (?<lines>[\d.]+)% \( (?<covered>\d+)/\d+ \)`);
  assert.deepEqual(parsed, { found: true, metrics: { lines: 91.2, covered: 52 }, problems: [] });
});

test("a group that is not a number is left out and said", async () => {
  const parsed = await parseRegex("score: 12 grade: B\n", String.raw`score: (?<score>\d+) grade: (?<grade>\w+)`);
  assert.deepEqual(parsed, { found: true, metrics: { score: 12 }, problems: ["group 'grade' matched 'B', which is not a number"] });
});

test("a pattern that does not match is reported as nothing found", async () => {
  const parsed = await parseRegex("nothing here\n", String.raw`coverage: (?<pct>[\d.]+)%`);
  assert.equal(parsed.found, false);
  assert.match(parsed.found ? "" : parsed.reason, /did not match/);
});

test("a pattern without named groups, an invalid pattern, or no pattern say what is wrong", async () => {
  const noGroups = await parseRegex("coverage: 80%", String.raw`coverage: ([\d.]+)%`);
  const invalid = await parseRegex("coverage: 80%", "coverage: (?<pct>[");
  const missing = await parseRegex("coverage: 80%", undefined);
  assert.match(noGroups.found ? "" : noGroups.reason, /no named groups/);
  assert.match(invalid.found ? "" : invalid.reason, /not a valid regular expression/);
  assert.match(missing.found ? "" : missing.reason, /needs a 'pattern'/);
});

test("a pattern that backtracks for ever is cut off after 2 s, off the event loop, and says so", async () => {
  // The event loop keeps ticking while the worker grinds: nothing else in the runner waits for it.
  let ticks = 0;
  const ticker = setInterval(() => (ticks += 1), 50);
  const started = performance.now();
  try {
    const parsed = await parseRegex(`${"a".repeat(40)}b\n`, "^(?<x>a+)+$");
    const took = performance.now() - started;
    assert.equal(parsed.found, false);
    assert.equal(parsed.found ? undefined : parsed.cutOff, true);
    assert.match(parsed.found ? "" : parsed.reason, /^the pattern \/\^\(\?<x>a\+\)\+\$\/ was still matching after 2 s and was stopped/);
    assert.ok(took >= 1900 && took < 6000, `cut off after ${Math.round(took)} ms`);
    assert.ok(ticks >= 10, `the event loop ticked ${ticks} times meanwhile`);
  } finally {
    clearInterval(ticker);
  }
  // The next layer is served as usual.
  assert.deepEqual(await parseRegex("pct: 42\n", "pct: (?<pct>\\d+)"), { found: true, metrics: { pct: 42 }, problems: [] });
});

test("several layers matching at once each get an answer", async () => {
  const text = "coverage: 81.5%\n".repeat(1000);
  const results = await Promise.all(Array.from({ length: 3 }, () => parseRegex(text, "coverage: (?<pct>[\\d.]+)%")));
  for (const parsed of results) assert.deepEqual(parsed, { found: true, metrics: { pct: 81.5 }, problems: [] });
});
