// Goal secrets are encrypted at rest with AES-256-GCM. The key is SETPOINT_SECRET_KEY (32 bytes,
// base64) or, on a single machine, a key file created in the data folder on first use.
import crypto from "node:crypto";
import path from "node:path";
import { dataDir } from "../config";
import { readOrMakeKeyFile } from "./key-file";

export const KEY_FILE = "secret-key";
const VERSION = "v1";

let cachedKey: Buffer | undefined;

export function secretKey(): Buffer {
  if (cachedKey) return cachedKey;
  const fromEnv = process.env.SETPOINT_SECRET_KEY;
  if (fromEnv) cachedKey = decodeKey(fromEnv, "SETPOINT_SECRET_KEY");
  else cachedKey = keyFromFile(path.join(dataDir(), KEY_FILE));
  return cachedKey;
}

function keyFromFile(file: string): Buffer {
  return decodeKey(
    readOrMakeKeyFile(file, () => crypto.randomBytes(32).toString("base64")),
    file,
  );
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error(`${source} must hold 32 bytes in base64 (openssl rand -base64 32), found ${key.length}`);
  return key;
}

export function sealSecret(plain: string, key = secretKey()): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(".");
}

export function openSecret(sealed: string, key = secretKey()): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("a stored secret is not in Setpoint's format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("a stored secret cannot be decrypted: SETPOINT_SECRET_KEY differs from the key it was sealed with");
  }
}
