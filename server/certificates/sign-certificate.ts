// Signs a certificate's canonical JSON with the installation's key (Ed25519 through node:crypto).
import crypto from "node:crypto";
import { API_VERSION } from "../spec/goal-spec";
import { canonicalJson } from "./canonical-json";
import { SIGNATURE_ALGORITHM, type CertificateDocument, type CertificatePayload } from "./certificate";
import { signingKey, type SigningKey } from "./signing-key";

export type SignedCertificate = { payload: string; signature: string; keyId: string };

export function signCertificate(certificate: CertificatePayload, key: SigningKey = signingKey()): SignedCertificate {
  const payload = canonicalJson(certificate);
  const signature = crypto.sign(null, Buffer.from(payload, "utf8"), key.privateKey).toString("base64");
  return { payload, signature, keyId: key.keyId };
}

// The file a person keeps: the signed certificate exactly as it was signed, and its signature.
export function certificateDocument(signed: SignedCertificate): CertificateDocument {
  return {
    apiVersion: API_VERSION,
    kind: "Certificate",
    certificate: JSON.parse(signed.payload) as CertificatePayload,
    signature: { algorithm: SIGNATURE_ALGORITHM, keyId: signed.keyId, value: signed.signature },
  };
}
