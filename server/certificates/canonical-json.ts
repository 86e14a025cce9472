// Canonical JSON: object keys sorted (by UTF-16 code units, as RFC 8785 does), no whitespace, numbers and
// strings as JSON.stringify writes them. The same value always gives the same bytes, so a hash or a
// signature over it does not depend on how a file was formatted or a database stored the object.
import crypto from "node:crypto";

export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

export function sha256Hex(text: string): string {
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

// What a spec, a certificate or any JSON value hashes to: SHA-256 of its canonical JSON.
export function canonicalSha256(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

function write(value: unknown, at: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      // JSON has no NaN or Infinity; writing them as null would sign something else than was meant.
      if (!Number.isFinite(value)) throw new Error(`${at} is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((item, index) => write(item, `${at}[${index}]`)).join(",")}]`;
      // A Date or a Buffer would silently become {}: the caller converts them to strings first.
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null)
        throw new Error(`${at} is a ${prototype?.constructor?.name ?? "class instance"}, not plain JSON`);
      const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, `${at}.${key}`)}`).join(",")}}`;
    }
    default:
      throw new Error(`${at} is a ${typeof value}, which JSON cannot hold`);
  }
}
