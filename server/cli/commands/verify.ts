// `verify FILE [--public-key FILE|-]`: checks a certificate offline, with no server and no token. Exits 0
// and says what it certifies when it is valid; 1 and why not when it is not (malformed, another key, a changed byte).
import type { KeyObject } from "node:crypto";
import type { Command } from "commander";
import { existingSigningKey, readPublicKey } from "../../certificates/signing-key";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { formatCertificate } from "../format/format-certificate";
import { readTextArgument } from "../read-goal-files";

const PUBLIC_KEY_ROUTE = "/api/certificates/public-key";

export function registerVerify(program: Command, context: CliContext): void {
  program
    .command("verify")
    .description("check a certificate file offline: signed by this installation's key (or --public-key) and unchanged since")
    .argument("<file>", "the certificate (setpoint certificate NAME -o json), or - for stdin")
    .option(
      "--public-key <file>",
      `the installation's public key in PEM, or - for stdin (served at ${PUBLIC_KEY_ROUTE}); default: this machine's SETPOINT_SIGNING_KEY or $SETPOINT_DATA_DIR/signing-key`,
    )
    .action(async (file: string, options: { publicKey?: string }) => {
      if (file === "-" && options.publicKey === "-") throw new CliError("the certificate and --public-key cannot both come from stdin");
      const publicKey =
        options.publicKey === undefined ? installationKey() : givenKey(await readTextArgument(options.publicKey, "a public key"), options.publicKey);
      const { verifyCertificate } = await import("../../certificates/verify-certificate");
      const verdict = verifyCertificate(await readTextArgument(file, "a certificate"), publicKey);
      if (!verdict.valid) throw new CliError(`invalid certificate (${verdict.problem}): ${verdict.message}`);
      context.print(`valid: signed by ${verdict.keyId}, unchanged since\n${formatCertificate(verdict.certificate)}`);
      context.print(
        "It says what this installation measured and signed when the goal converged; whether the goal still stands behind it: setpoint certificate NAME.",
      );
    });
}

function installationKey(): KeyObject {
  const key = asCliError(existingSigningKey);
  if (!key)
    throw new CliError(
      `no public key: this machine has no Setpoint signing key (SETPOINT_SIGNING_KEY or $SETPOINT_DATA_DIR/signing-key); pass --public-key FILE, as the installation serves it at ${PUBLIC_KEY_ROUTE}`,
    );
  return key.publicKey;
}

function givenKey(text: string, source: string): KeyObject {
  return asCliError(() => readPublicKey(text, source === "-" ? "the public key on stdin" : `--public-key ${source}`));
}

// A key that cannot be read is the user's to fix, said in one line.
function asCliError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
