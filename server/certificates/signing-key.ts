// The installation's Ed25519 key for certificates of convergence. SETPOINT_SIGNING_KEY (the 32-byte private
// key, base64) or, on a single machine, a key file made in the data folder on first use (0600), as
// SETPOINT_SECRET_KEY is for goal secrets: every runner and web process of an installation needs the same one.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "../config";
import { readOrMakeKeyFile } from "../secrets/key-file";

export const SIGNING_KEY_FILE = "signing-key";
// The DER prefix that makes a raw 32-byte Ed25519 private key PKCS#8, which node:crypto imports (RFC 8410).
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export type SigningKey = { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; keyId: string };

let cached: SigningKey | undefined;

export function signingKey(): SigningKey {
  cached ??= existingSigningKey() ?? signingKeyFrom(readOrMakeKeyFile(keyFile(), newSigningKeyText), keyFile());
  return cached;
}

// The installation's key as this machine knows it, without making one: for `setpoint verify`, which must not
// leave a new key file behind in a folder that is not an installation's.
export function existingSigningKey(): SigningKey | null {
  const fromEnv = process.env.SETPOINT_SIGNING_KEY;
  if (fromEnv) return signingKeyFrom(fromEnv, "SETPOINT_SIGNING_KEY");
  return fs.existsSync(keyFile()) ? signingKeyFrom(fs.readFileSync(keyFile(), "utf8"), keyFile()) : null;
}

export function keyFile(): string {
  return path.join(dataDir(), SIGNING_KEY_FILE);
}

// A fresh key, base64, as the key file and SETPOINT_SIGNING_KEY hold it (openssl rand -base64 32 makes one too).
export function newSigningKeyText(): string {
  return crypto.randomBytes(32).toString("base64");
}

export function signingKeyFrom(text: string, source: string): SigningKey {
  const raw = Buffer.from(text.trim(), "base64");
  if (raw.length !== 32) throw new Error(`${source} must hold a 32-byte Ed25519 private key in base64 (openssl rand -base64 32), found ${raw.length} bytes`);
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: "der", type: "pkcs8" });
  const publicKey = crypto.createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

// Names a public key: SHA-256 of its SPKI DER form, the bytes its PEM file holds.
export function keyIdOf(publicKey: crypto.KeyObject): string {
  return `sha256:${crypto
    .createHash("sha256")
    .update(publicKey.export({ format: "der", type: "spki" }))
    .digest("hex")}`;
}

export function publicKeyPem(key: SigningKey = signingKey()): string {
  return key.publicKey.export({ format: "pem", type: "spki" }).toString();
}

// A public key as /api/certificates/public-key serves it: PEM.
export function readPublicKey(text: string, source: string): crypto.KeyObject {
  try {
    const key = crypto.createPublicKey(text.trim());
    if (key.asymmetricKeyType === "ed25519") return key;
  } catch {
    // said below
  }
  throw new Error(`${source} is not an Ed25519 public key: expected PEM ('-----BEGIN PUBLIC KEY-----', as /api/certificates/public-key serves it)`);
}
