import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { CappedBuffer } from "../../server/process/capped-buffer";
import { MASK, MIN_MASKED_LENGTH, secretMasker } from "../../server/secrets/mask-secrets";

test("a secret's value is replaced by *** wherever it appears, and other text is kept", () => {
  const mask = secretMasker(["s3cr3t-token"]);
  assert.equal(mask("token=s3cr3t-token; again s3cr3t-token."), "token=***; again ***.");
  assert.equal(mask("nothing to hide"), "nothing to hide");
});

test("a secret inside another is masked as part of the longer one, leaving no piece of it", () => {
  const mask = secretMasker(["abcd", "xxabcdyy"]);
  assert.equal(mask("1 xxabcdyy 2 abcd 3"), "1 *** 2 *** 3");
});

test("two secrets that overlap in the text are masked together, with no tail of either left", () => {
  const mask = secretMasker(["alpha-beta", "beta-gamma"]);
  assert.equal(mask("[alpha-beta-gamma]"), "[***]");
  // Adjacent occurrences merge into one mask too.
  assert.equal(mask("alpha-betabeta-gamma!"), "***!");
});

test(`values shorter than ${MIN_MASKED_LENGTH} characters and empty values are not masked`, () => {
  const mask = secretMasker(["", "on", "abc"]);
  assert.equal(mask("on abc on"), "on abc on");
});

test("the URL-encoded and base64 forms of a value are masked too", () => {
  const value = "p@ss word/+=";
  const mask = secretMasker([value]);
  assert.equal(mask(`https://u:${encodeURIComponent(value)}@host/`), "https://u:***@host/");
  const base64 = Buffer.from(value).toString("base64");
  assert.equal(mask(`Authorization: ${base64}`), `Authorization: ${MASK}`);
  assert.equal(mask(`b64=${base64.replace(/=+$/, "")}.`), "b64=***.");
});

test("each line of a multi-line secret is masked on its own", () => {
  const key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----";
  const mask = secretMasker([key]);
  assert.equal(mask(`whole: ${key}`), "whole: ***");
  assert.equal(mask("line 2: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"), "line 2: ***\n");
});

test("a capped tail that begins inside a secret does not show the secret's end", () => {
  const secret = "SECRET-0123456789-END";
  const buffer = new CappedBuffer(30);
  buffer.push(Buffer.from(`${"x".repeat(100)}${secret} and then some`));
  const text = buffer.toString();
  assert.ok(text.startsWith("[… "), text);
  assert.ok(text.includes("END"), "the cut falls inside the secret");
  const masked = secretMasker([secret])(text);
  assert.ok(!masked.includes("789-END"), masked);
  assert.ok(masked.endsWith("*** and then some"), masked);
});

test("no masked text contains a secret, whatever the text and secrets", () => {
  const alphabet = fc.constantFrom("a", "b", "c", "-");
  const word = fc.string({ unit: alphabet, minLength: MIN_MASKED_LENGTH, maxLength: 8 });
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.string({ unit: alphabet, maxLength: 60 }), (secrets, text) => {
      const masked = secretMasker(secrets)(text);
      for (const secret of secrets) assert.ok(!masked.includes(secret), `${JSON.stringify(secret)} in ${JSON.stringify(masked)}`);
    }),
  );
});
