// Certificates of convergence without a database: canonical JSON, what the builder puts in, and the offline
// check: a signed certificate verifies; a changed byte, another installation's key or a malformed file do not.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { buildCertificate, type CertificateFacts } from "../../server/certificates/build-certificate";
import { canonicalJson, canonicalSha256 } from "../../server/certificates/canonical-json";
import { certificateDocument, signCertificate } from "../../server/certificates/sign-certificate";
import { newSigningKeyText, publicKeyPem, readPublicKey, signingKeyFrom } from "../../server/certificates/signing-key";
import { verifyCertificate } from "../../server/certificates/verify-certificate";
import { goalSpecSchema } from "../../server/spec/goal-spec";

const ours = signingKeyFrom(newSigningKeyText(), "test key");
const theirs = signingKeyFrom(newSigningKeyText(), "another installation's key");
const COMMIT = "a".repeat(40);

const storedSpec = goalSpecSchema.parse({
  intent: "make every test pass",
  workspace: { repo: "/tmp/repo", ref: "main" },
  agent: { executor: "claude-code", model: "opus" },
  metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
  evaluation: {
    layers: [
      { name: "tests", run: "npm test", parse: "tap" },
      { name: "guard", policy: { forbidPaths: ["test/**"] } },
      { name: "review", agent: { executor: "codex", model: "gpt" } },
    ],
  },
});

function facts(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    id: "6f1c2b9e-7d4a-4f0e-9a51-3c2d1e0f9b8a",
    goal: { name: "fix-calculator", generation: 3, spec: storedSpec, baseCommit: "b".repeat(40) },
    iteration: {
      number: 4,
      commit: COMMIT,
      tree: "c".repeat(40),
      startedAt: new Date("2026-12-04T10:00:00Z"),
      finishedAt: new Date("2026-12-04T10:00:30Z"),
      runnerId: "host-1-123",
      metrics: { "tests.pass_ratio": 1, "tests.passed": 12 },
      measuredFiles: undefined,
    },
    layers: [
      { name: "tests", kind: "run", ok: true, exitCode: 0, metrics: { "tests.pass_ratio": 1, "tests.passed": 12 } },
      { name: "guard", kind: "policy", ok: true, exitCode: null, metrics: {} },
      { name: "review", kind: "agent", ok: true, exitCode: 0, metrics: { "review.approved": 1 } },
    ],
    approval: { by: "alice", at: new Date("2026-12-04T10:05:00Z"), comment: "looks right" },
    runnerId: "host-2-456",
    convergedAt: new Date("2026-12-04T10:05:01Z"),
    ...overrides,
  };
}

function signedFile(key = ours, overrides: Partial<CertificateFacts> = {}): string {
  return JSON.stringify(certificateDocument(signCertificate(buildCertificate(facts(overrides)), key)), null, 2);
}

test("canonical JSON sorts keys at every depth, drops nothing but undefined, and has no whitespace", () => {
  assert.equal(canonicalJson({ b: [3, { z: 1, a: "x y" }], a: null, c: undefined, d: 0.5 }), '{"a":null,"b":[3,{"a":"x y","z":1}],"d":0.5}');
  assert.throws(() => canonicalJson({ at: new Date(0) }), /\$\.at is a Date, not plain JSON/);
  assert.throws(() => canonicalJson({ value: Number.NaN }), /\$\.value is NaN, which JSON cannot hold/);
});

test("canonical JSON does not depend on key order, and reads back to the same value", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const reordered = JSON.parse(
        JSON.stringify(value, (_key, item) =>
          item && typeof item === "object" && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).reverse()) : item,
        ),
      );
      assert.equal(canonicalJson(reordered), canonicalJson(value));
      assert.equal(canonicalJson(JSON.parse(canonicalJson(value))), canonicalJson(value));
    }),
  );
});

test("the certificate says what was measured: spec hash, commit and tree, each layer, maker and checker, the approval", () => {
  const certificate = buildCertificate(facts());
  assert.equal(certificate.format, "setpoint.dev/certificate/v1");
  assert.deepEqual(certificate.goal, { name: "fix-calculator", generation: 3, specSha256: canonicalSha256(storedSpec) });
  assert.deepEqual(certificate.commit, { sha: COMMIT, tree: "c".repeat(40), base: "b".repeat(40) });
  assert.deepEqual(certificate.targets, [{ metric: "tests.pass_ratio", target: ">= 1", value: 1 }]);
  assert.deepEqual(
    certificate.layers.map((layer) => [layer.name, layer.kind, layer.command, layer.parse, layer.exitCode, layer.hiddenFailed]),
    [
      ["tests", "run", "npm test", "tap", 0, null],
      ["guard", "policy", null, null, null, null],
      ["review", "agent", null, null, 0, null],
    ],
  );
  assert.deepEqual(certificate.layers[1].policy, { forbidPaths: ["test/**"] });
  assert.deepEqual(certificate.maker, { executor: "claude-code", model: "opus", command: null });
  assert.deepEqual(certificate.checkers, [{ layer: "review", executor: "codex", model: "gpt", command: null }]);
  assert.deepEqual(certificate.approvals, [{ iteration: 4, commit: COMMIT, by: "alice", at: "2026-12-04T10:05:00.000Z", comment: "looks right" }]);
  assert.deepEqual(certificate.iteration, { number: 4, startedAt: "2026-12-04T10:00:00.000Z", finishedAt: "2026-12-04T10:00:30.000Z", runner: "host-1-123" });
  assert.equal(certificate.runner, "host-2-456");
  assert.deepEqual(certificate.measuredFiles, []);
});

test("protected and hidden files as measured are certified, in a stable order, with whether hidden checks failed", () => {
  const measuredFiles = [
    { path: "test/calc.test.js", sha256: "1".repeat(64), kind: "protected" },
    { path: "test/hidden/edge.test.js", sha256: "2".repeat(64), kind: "hidden" },
    { path: "package.json", sha256: "3".repeat(64), kind: "protected" },
  ];
  const certificate = buildCertificate(
    facts({
      iteration: { ...facts().iteration, measuredFiles },
      layers: [{ name: "tests", kind: "run", ok: true, exitCode: 0, metrics: {}, hiddenFailed: false }],
    }),
  );
  assert.deepEqual(
    certificate.measuredFiles.map((file) => `${file.kind} ${file.path}`),
    ["hidden test/hidden/edge.test.js", "protected package.json", "protected test/calc.test.js"],
  );
  assert.equal(certificate.layers[0].hiddenFailed, false);
});

test("a signed certificate verifies with the installation's public key, however its file is laid out", () => {
  const file = signedFile();
  const verdict = verifyCertificate(file, ours.publicKey);
  assert.equal(verdict.valid, true, JSON.stringify(verdict));
  assert.equal(verdict.valid && verdict.certificate.commit.sha, COMMIT);
  assert.equal(verifyCertificate(JSON.stringify(JSON.parse(file)), ours.publicKey).valid, true, "without whitespace");
  // The key as /api/certificates/public-key serves it.
  assert.equal(verifyCertificate(file, readPublicKey(publicKeyPem(ours), "pem")).valid, true);
});

test("any changed value in a certificate fails its signature", () => {
  const file = signedFile();
  const changed = file.replace(`"sha": "${COMMIT}"`, `"sha": "${"a".repeat(39)}b"`);
  assert.notEqual(changed, file);
  assert.deepEqual(verifyCertificate(changed, ours.publicKey), {
    valid: false,
    problem: "bad signature",
    message: "the signature does not match the certificate's contents: it was changed after it was signed",
  });
  // Every single character of the signed values: a byte changed anywhere in them is caught.
  const document = JSON.parse(file);
  const payload = JSON.stringify(document.certificate);
  fc.assert(
    fc.property(fc.nat(payload.length - 1), (at) => {
      const flipped = payload.slice(0, at) + (payload[at] === "1" ? "2" : "1") + payload.slice(at + 1);
      let certificate: unknown;
      try {
        certificate = JSON.parse(flipped);
      } catch {
        return; // no longer JSON: malformed, tested below
      }
      if (canonicalJson(certificate) === canonicalJson(document.certificate)) return; // e.g. 1.0 for 1: the same value
      const verdict = verifyCertificate(JSON.stringify({ ...document, certificate }), ours.publicKey);
      assert.equal(verdict.valid, false);
    }),
    { numRuns: 300 },
  );
});

test("a certificate from another installation does not verify, even when it claims this installation's key id", () => {
  const foreign = signedFile(theirs);
  const verdict = verifyCertificate(foreign, ours.publicKey);
  assert.equal(verdict.valid, false);
  assert.equal(!verdict.valid && verdict.problem, "unknown key");
  assert.match(!verdict.valid ? verdict.message : "", new RegExp(`names the key ${theirs.keyId}, not the one given \\(${ours.keyId}\\)`));
  const disguised = JSON.parse(foreign);
  disguised.signature.keyId = ours.keyId;
  const forged = verifyCertificate(JSON.stringify(disguised), ours.publicKey);
  assert.equal(!forged.valid && forged.problem, "bad signature");
});

test("a malformed file says what is wrong with it", () => {
  const cases: [string, RegExp][] = [
    ["not json", /^it is not JSON/],
    ["{}", /^apiVersion: must be 'setpoint\.dev\/v1'/],
    [
      JSON.stringify({ ...JSON.parse(signedFile()), signature: { algorithm: "RSA", keyId: ours.keyId, value: "AA==" } }),
      /signature\.algorithm: must be 'Ed25519'/,
    ],
    [
      JSON.stringify({ ...JSON.parse(signedFile()), certificate: { ...JSON.parse(signedFile()).certificate, format: "setpoint.dev/certificate/v9" } }),
      /certificate\.format is "setpoint\.dev\/certificate\/v9"/,
    ],
  ];
  for (const [text, message] of cases) {
    const verdict = verifyCertificate(text, ours.publicKey);
    assert.equal(!verdict.valid && verdict.problem, "malformed", text.slice(0, 40));
    assert.match(!verdict.valid ? verdict.message : "", message);
  }
});

test("a public key that is not an Ed25519 PEM is refused, naming where it came from", () => {
  assert.throws(() => readPublicKey("hello", "--public-key key.pem"), /--public-key key\.pem is not an Ed25519 public key/);
  assert.throws(
    () => signingKeyFrom("c2hvcnQ=", "SETPOINT_SIGNING_KEY"),
    /SETPOINT_SIGNING_KEY must hold a 32-byte Ed25519 private key in base64 \(openssl rand -base64 32\), found 5 bytes/,
  );
});
