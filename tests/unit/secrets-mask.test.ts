import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { CappedBuffer } from "../../server/process/capped-buffer";
import { MASK, MIN_MASKED_LENGTH, secretMasker } from "../../server/secrets/mask-secrets";
import { cpuMs, MiB } from "../helpers/cpu-time";
import { revealsSecret } from "../helpers/reveals-secret";

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

// A canary with every character the encodings treat specially: '/', '+', '=', a space, quotes, a backslash,
// <, &, !, *, parentheses and non-ASCII.
const CANARY = `Cn4ry/+= "q" \\ <&> !*(x) é-${"9f3K".repeat(3)}`;
const b64 = (text: string, encoding: BufferEncoding = "base64") => Buffer.from(text, "utf8").toString(encoding);
const pythonQuote = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
const lower = (encoded: string) => encoded.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase());
const unicodeEscape = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

// Each way a command commonly prints a value, with what surrounds it in a real output.
const ENCODINGS: [string, (secret: string) => string][] = [
  ["raw", (secret) => `token=${secret}`],
  ["base64", (secret) => `Authorization: Basic ${b64(`user:${secret}`)}`],
  ["base64 at byte offset 1", (secret) => `b64 ${b64(`x${secret}tail`)}`],
  ["base64 at byte offset 2", (secret) => `b64 ${b64(`xy${secret}t`)}`],
  ["base64 at byte offset 3", (secret) => `b64 ${b64(`xyz${secret}`)}`],
  ["base64url at byte offset 1", (secret) => `jwt ${b64(`{${secret}}`, "base64url")}`],
  ["URL-encoded", (secret) => `https://x:${encodeURIComponent(secret)}@host/`],
  ["URL-encoded, lower case", (secret) => `?token=${lower(encodeURIComponent(secret))}&x=1`],
  ["URL-encoded strictly (Python's quote)", (secret) => `?token=${pythonQuote(secret)}`],
  ["URL-encoded strictly, lower case", (secret) => `?token=${lower(pythonQuote(secret))}`],
  ["form-encoded", (secret) => `body: ${new URLSearchParams({ token: secret }).toString()}`],
  ["hex", (secret) => `hex ${Buffer.from(secret).toString("hex")}`],
  ["hex, upper case", (secret) => `HEX ${Buffer.from(secret).toString("hex").toUpperCase()}`],
  ["JSON", (secret) => JSON.stringify({ token: secret })],
  ["JSON, ASCII only (Python)", (secret) => JSON.stringify({ token: secret }).replace(/[^\u0000-\u007f]/g, unicodeEscape)],
  [
    "JSON, ASCII only, upper-case digits",
    (secret) => JSON.stringify({ token: secret }).replace(/[^\u0000-\u007f]/g, (char) => unicodeEscape(char).toUpperCase().replace("\\U", "\\u")),
  ],
  ["JSON with escaped slashes (PHP)", (secret) => JSON.stringify({ token: secret }).replaceAll("/", "\\/")],
  ["JSON with <, > and & escaped (Go)", (secret) => JSON.stringify({ token: secret }).replace(/[<>&]/g, unicodeEscape)],
  ["JSON inside a JSON string", (secret) => JSON.stringify({ log: JSON.stringify({ token: secret }) })],
  ["base64 wrapped at 76 columns (coreutils base64)", (secret) => `${b64(`${"0".repeat(50)}${secret}`).replace(/.{76}/g, "$&\n")}`],
  ["hex wrapped at 60 columns (xxd -p)", (secret) => `${Buffer.from(`0${secret}`).toString("hex").replace(/.{60}/g, "$&\n")}`],
  ["split by colour codes", (secret) => `\u001b[31m${secret.slice(0, 7)}\u001b[0m\u001b[1;32m${secret.slice(7, 12)}\u001b[m${secret.slice(12)}`],
  [
    "split by a colour code inside its hex",
    (secret) => {
      const hex = Buffer.from(secret).toString("hex");
      return `${hex.slice(0, 9)}\u001b[2m${hex.slice(9)}`;
    },
  ],
];

for (const [how, encode] of ENCODINGS) {
  test(`a secret printed ${how} is masked`, () => {
    const printed = `before ${encode(CANARY)} after`;
    assert.notDeepEqual(revealsSecret(printed, CANARY), [], "the detector sees the secret before masking");
    const masked = secretMasker([CANARY])(printed);
    assert.deepEqual(revealsSecret(masked, CANARY), [], masked);
    assert.ok(masked.startsWith("before ") && masked.endsWith(" after"), masked);
  });
}

test("any secret, printed any of these ways amid any base64-like text, is masked", () => {
  const char = fc.constantFrom(...'aZ09/+= "\\<&>!*()é%-_~.:\n'.split(""), "\u{1F600}");
  const secret = fc.string({ unit: char, minLength: 6, maxLength: 24 });
  const around = fc.string({ unit: fc.constantFrom(..."AQgw09+/=-_ x".split("")), maxLength: 5 });
  fc.assert(
    fc.property(secret, fc.constantFrom(...ENCODINGS), around, around, (value, [, encode], before, after) => {
      const printed = `${before}${encode(value)}${after}`;
      const masked = secretMasker([value])(printed);
      assert.deepEqual(revealsSecret(masked, value), [], `${JSON.stringify(value)} in ${JSON.stringify(masked)}`);
    }),
    { numRuns: 1000 },
  );
});

test("masking a megabyte of output with several secrets stays fast, even output made of a secret's own characters", () => {
  const secrets = Array.from({ length: 5 }, (_, i) => `${CANARY}-${i}`);
  const mask = secretMasker(secrets);
  const output = `${"ordinary output \u001b[32mok\u001b[0m 12345 /usr/lib/x\n".repeat(20_000)}${secrets.join("\n")}`;
  let masked = "";
  assert.ok(cpuMs(() => (masked = mask(output))) < 500);
  assert.ok(masked.endsWith(["***", "***", "***", "***", "***"].join("\n")), masked.slice(-100));
  assert.ok(cpuMs(() => secretMasker(["aaaa"])("a".repeat(MiB))) < 500, "a periodic secret in a periodic output");
});
