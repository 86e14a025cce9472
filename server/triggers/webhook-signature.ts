// Two signatures a webhook delivery may carry, both HMAC-SHA256 with the goal's webhook secret:
// - Setpoint's own, X-Setpoint-Signature: t=<unix seconds>,v1=<hex of HMAC(secret, "<t>.<delivery id>.<raw body>")>.
//   The time and the delivery id are inside what is signed, so a delivery replayed later than five
//   minutes is refused, and one replayed sooner is a duplicate of its (signed) delivery id.
// - GitHub's, X-Hub-Signature-256: sha256=<hex of HMAC(secret, raw body)>. It signs the body only: a captured
//   delivery can be replayed with a fresh delivery id (docs/SECURITY.md says what limits that).
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "x-hub-signature-256";
export const TIMESTAMPED_SIGNATURE_HEADER = "x-setpoint-signature";
// How far a timestamped signature may be from the receiver's clock, either way.
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const FORMAT = /^sha256=([0-9a-fA-F]{64})$/;
const TIMESTAMPED = /^t=(\d{1,12}),v1=([0-9a-fA-F]{64})$/;

export function signBody(secret: string, body: Uint8Array): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;
}

export function signTimestamped(secret: string, body: Uint8Array, deliveryId: string, timestamp: number = nowSeconds()): string {
  return `t=${timestamp},v1=${timestampedMac(secret, body, deliveryId, timestamp).toString("hex")}`;
}

// null when the signature is right; otherwise what is wrong with it, for the 401. The timestamped
// header, when sent, is the one judged.
export function signatureProblem(
  secret: string,
  body: Uint8Array,
  headers: { hub: string | null; timestamped: string | null; deliveryId: string },
  now: number = nowSeconds(),
): string | null {
  if (headers.timestamped !== null && headers.timestamped !== "") return timestampedProblem(secret, body, headers.timestamped, headers.deliveryId, now);
  const header = headers.hub;
  if (header === null || header === "") {
    return "the request is not signed: send X-Setpoint-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<delivery id>.<body>'> or X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>, with the goal's webhook secret";
  }
  const hex = FORMAT.exec(header.trim())?.[1];
  if (!hex) return "X-Hub-Signature-256 must be 'sha256=' followed by 64 hex digits";
  return sameMac(hex, crypto.createHmac("sha256", secret).update(body).digest())
    ? null
    : "the signature does not match the body: sign the exact bytes sent, with the goal's current webhook secret";
}

function timestampedProblem(secret: string, body: Uint8Array, header: string, deliveryId: string, now: number): string | null {
  const match = TIMESTAMPED.exec(header.trim());
  if (!match) return "X-Setpoint-Signature must be 't=<unix seconds>,v1=<64 hex digits>'";
  const timestamp = Number(match[1]);
  // The MAC first: an unsigned sender learns nothing from the time check.
  if (!sameMac(match[2], timestampedMac(secret, body, deliveryId, timestamp))) {
    return "the signature does not match: sign '<t>.<delivery id>.<body>' (the exact bytes sent, and the X-Setpoint-Delivery header's value) with the goal's current webhook secret";
  }
  const age = now - timestamp;
  if (age > SIGNATURE_TOLERANCE_SECONDS)
    return `the delivery was signed ${age}s ago, more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes: a replay, or a sender whose clock is wrong; sign each delivery when it is sent`;
  if (-age > SIGNATURE_TOLERANCE_SECONDS)
    return `the delivery is signed ${-age}s in the future, more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes: the sender's clock is wrong`;
  return null;
}

function timestampedMac(secret: string, body: Uint8Array, deliveryId: string, timestamp: number): Buffer {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${deliveryId}.`).update(body).digest();
}

// Both are 32 bytes here, as timingSafeEqual requires; the comparison takes the same time wherever they differ.
function sameMac(hex: string, expected: Buffer): boolean {
  return crypto.timingSafeEqual(Buffer.from(hex, "hex"), expected);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
