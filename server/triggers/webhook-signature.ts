// GitHub's webhook signature: X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(secret, raw body)>.
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "x-hub-signature-256";
const FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

export function signBody(secret: string, body: Uint8Array): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;
}

// null when the signature is right; otherwise what is wrong with it, for the 401.
export function signatureProblem(secret: string, body: Uint8Array, header: string | null): string | null {
  if (header === null || header === "") return "the request is not signed: send X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body with the goal's webhook secret, in hex>";
  const hex = FORMAT.exec(header.trim())?.[1];
  if (!hex) return "X-Hub-Signature-256 must be 'sha256=' followed by 64 hex digits";
  const expected = crypto.createHmac("sha256", secret).update(body).digest();
  // Both are 32 bytes here, as timingSafeEqual requires; the comparison takes the same time wherever they differ.
  if (!crypto.timingSafeEqual(Buffer.from(hex, "hex"), expected)) return "the signature does not match the body: sign the exact bytes sent, with the goal's current webhook secret";
  return null;
}
