// A long intent is folded to its first lines on the goal page; a short one is shown whole.
import assert from "node:assert/strict";
import { test } from "node:test";
import { foldText, formatBytes } from "../../components/goal/fold-text";

test("a short intent is shown whole", () => {
  assert.deepEqual(foldText("Make the tests pass."), { preview: "Make the tests pass.", folded: false, lines: 1, bytes: 20 });
  assert.equal(foldText("one\ntwo\nthree\nfour").folded, false);
});

test("more than four lines fold to the first four", () => {
  const folded = foldText("one\ntwo\nthree\nfour\nfive");
  assert.deepEqual([folded.preview, folded.folded, folded.lines], ["one\ntwo\nthree\nfour", true, 5]);
});

test("a 100 KB intent on one line folds to 400 characters, and says its size", () => {
  const intent = "x".repeat(100 * 1024);
  const folded = foldText(intent);
  assert.equal(folded.preview.length, 400);
  assert.equal(folded.folded, true);
  assert.equal(formatBytes(folded.bytes), "100 KB");
  assert.equal(formatBytes(5 * 1024 + 200), "5.2 KB");
  assert.equal(formatBytes(12), "12 B");
});
