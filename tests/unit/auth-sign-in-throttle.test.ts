// The sign-in throttle keeps a blocked name blocked for its window, whatever else fails meanwhile.
import assert from "node:assert/strict";
import { test } from "node:test";
import { noteFailedSignIn, noteSignedIn, signInBlocked } from "../../server/auth/sign-in-throttle";

const MINUTE = 60_000;

test("ten failures block a name for the rest of the 15-minute window that the first of them opened", () => {
  const start = 1_000_000;
  for (let attempt = 0; attempt < 9; attempt++) noteFailedSignIn("walt", start + attempt * MINUTE);
  assert.equal(signInBlocked("walt", start + 9 * MINUTE), false, "nine are allowed");
  noteFailedSignIn("walt", start + 9 * MINUTE);
  assert.equal(signInBlocked("walt", start + 9 * MINUTE), true);
  assert.equal(signInBlocked("walt", start + 15 * MINUTE - 1), true);
  assert.equal(signInBlocked("walt", start + 15 * MINUTE), false, "the window has passed");
});

test("failures spread wider than the window never block", () => {
  const start = 5_000_000;
  for (let attempt = 0; attempt < 30; attempt++) noteFailedSignIn("slow", start + attempt * 2 * MINUTE);
  assert.equal(signInBlocked("slow", start + 60 * MINUTE), false);
});

test("a blocked name stays blocked while an attacker fails on 20,000 other names (which once flushed the block)", () => {
  const start = 10_000_000;
  for (let attempt = 0; attempt < 10; attempt++) noteFailedSignIn("victim", start + attempt);
  assert.equal(signInBlocked("victim", start + 10), true);
  for (let index = 0; index < 20_000; index++) noteFailedSignIn(`churn-${index}`, start + 10 + index);
  assert.equal(signInBlocked("victim", start + 30_000), true, "still blocked after the churn");
  // The names that are not blocked are still forgotten oldest first, so memory stays bounded.
  for (let attempt = 0; attempt < 9; attempt++) noteFailedSignIn("churn-0", start + 30_000 + attempt);
  assert.equal(signInBlocked("churn-0", start + 30_010), false, "churn-0's first failure was forgotten: nine are not ten");
});

test("a successful sign-in clears the failures counted so far", () => {
  const start = 20_000_000;
  for (let attempt = 0; attempt < 9; attempt++) noteFailedSignIn("forgetful", start + attempt);
  noteSignedIn("forgetful");
  noteFailedSignIn("forgetful", start + 10);
  assert.equal(signInBlocked("forgetful", start + 11), false);
});
