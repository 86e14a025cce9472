// Passwords are hashed with scrypt (memory-hard; OpenSSL's, through node:crypto), at 32 MiB per hash
// (N=2^15, r=8), the cost OWASP lists as a minimum. The parameters travel in the stored string, so
// they can be raised later without breaking older hashes.
import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, length: number, options: crypto.ScryptOptions) => Promise<Buffer>;

const LOG_N = 15;
const R = 8;
const P = 1;
const LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

function options(logN: number, r: number, p: number): crypto.ScryptOptions {
  return { N: 2 ** logN, r, p, maxmem: 2 * 128 * r * 2 ** logN };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, LENGTH, options(LOG_N, R, P));
  return ["scrypt", LOG_N, R, P, salt.toString("base64"), hash.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, options(Number(logN), Number(r), Number(p)));
  return crypto.timingSafeEqual(actual, expected);
}

// A hash to compare against when the user does not exist, so a wrong name takes as long as a wrong password.
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return decoy;
}

// What `user add` prints when no password is given: 20 characters from a 56-letter alphabet (about 116 bits).
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  return Array.from({ length: 20 }, () => alphabet[crypto.randomInt(alphabet.length)]).join("");
}
