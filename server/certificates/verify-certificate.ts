// Checks a certificate file offline against a public key: well formed, signed by that key, unchanged since.
import crypto from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { CERTIFICATE_FORMAT, certificateDocumentSchema, certificatePayloadSchema, type CertificatePayload } from "./certificate";
import { keyIdOf } from "./signing-key";

export type Verification =
  | { valid: true; certificate: CertificatePayload; keyId: string }
  | { valid: false; problem: "malformed" | "unknown key" | "bad signature"; message: string };

export function verifyCertificate(text: string, publicKey: crypto.KeyObject): Verification {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return malformed(`it is not JSON (${(error as Error).message})`);
  }
  const document = certificateDocumentSchema.safeParse(parsed);
  if (!document.success) return malformed(describeIssues(document.error.issues));
  const { certificate, signature } = document.data;
  if (certificate.format !== CERTIFICATE_FORMAT)
    return malformed(`certificate.format is ${JSON.stringify(certificate.format)}, not '${CERTIFICATE_FORMAT}' (a format this Setpoint reads)`);

  const expected = keyIdOf(publicKey);
  if (signature.keyId !== expected) {
    return {
      valid: false,
      problem: "unknown key",
      message: `it names the key ${signature.keyId}, not the one given (${expected}): a certificate of another installation, or the wrong public key`,
    };
  }
  // Whatever JSON.parse returns, canonicalJson can write: the signature covers the values, not the layout.
  const bytes = Buffer.from(canonicalJson(certificate), "utf8");
  if (!crypto.verify(null, bytes, publicKey, Buffer.from(signature.value, "base64"))) {
    return { valid: false, problem: "bad signature", message: "the signature does not match the certificate's contents: it was changed after it was signed" };
  }
  // Signed by this key, yet not what this Setpoint writes: say so rather than show half of it.
  const payload = certificatePayloadSchema.safeParse(certificate);
  if (!payload.success) return malformed(describeIssues(payload.error.issues, "certificate"));
  return { valid: true, certificate: payload.data, keyId: expected };
}

function malformed(message: string): Verification {
  return { valid: false, problem: "malformed", message };
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[], prefix?: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join(".") || "the file";
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}
