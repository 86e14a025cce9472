// The data folder holds the installation's credentials (admin token and password, secret key, signing
// key, database URL, Postgres's passwords) and Postgres's data. A runner that is not root has no other user to keep
// out but the machine's others: 0700. As root it is 0711, passage without listing, because two other
// users must reach their own folders inside it: Postgres's (pg/, itself 0700 Postgres's) and the agent
// user (the default work folder, work/); every credential in it is 0600 root's, so passing through
// shows nothing. Checked at every start, since older starts left 0755.
import fs from "node:fs";
import path from "node:path";
import { ADMIN_PASSWORD_FILE, ADMIN_TOKEN_FILE } from "../auth/admin-token";
import { SIGNING_KEY_FILE } from "../certificates/signing-key";
import { URL_FILE } from "../db/database-url";
import { APP_PASSWORD_FILE, SUPERUSER_PASSWORD_FILE } from "../db/postgres-credentials";
import { KEY_FILE } from "../secrets/secret-box";

export const CREDENTIAL_FILES = [ADMIN_TOKEN_FILE, ADMIN_PASSWORD_FILE, KEY_FILE, SIGNING_KEY_FILE, URL_FILE, SUPERUSER_PASSWORD_FILE, APP_PASSWORD_FILE];

export function secureDataFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, process.getuid?.() === 0 ? 0o711 : 0o700);
  for (const name of CREDENTIAL_FILES) {
    try {
      fs.chmodSync(path.join(dir, name), 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}
