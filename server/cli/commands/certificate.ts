// `certificate NAME [-o json|yaml]`: the goal's newest certificate of convergence. -o json prints the signed
// file itself, which `setpoint verify` checks.
import type { Command } from "commander";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { parseGoalName, parseOutputFormat } from "../parse-options";

export function registerCertificate(program: Command, context: CliContext): void {
  program
    .command("certificate")
    .description("show a converged goal's signed certificate: what was measured on which commit (-o json: the file to keep and verify)")
    .argument("<name>", "the goal's name")
    .option("-o, --output <format>", "json or yaml: the signed certificate itself")
    .action(async (name: string, options: { output?: string }) => {
      await parseGoalName(name);
      const output = parseOutputFormat(options.output, ["json", "yaml"]);
      const newest = (await (await context.api()).certificates(name))[0];
      if (!newest) throw new CliError(`goal '${name}' has no certificate: one is signed when it converges`);
      // The file is exactly what was signed; whether it is still current is the server's to say, not the file's.
      if (!newest.current)
        process.stderr.write(
          `note: this certificate is superseded (${newest.supersededReason ?? "?"}, ${newest.supersededAt}): goal '${name}' no longer stands behind it\n`,
        );
      if (output === "json" || output === "yaml") {
        const { formatObject } = await import("../format/format-object");
        context.print(formatObject(newest.document, output));
        return;
      }
      const { formatCertificate } = await import("../format/format-certificate");
      const status = newest.current ? "current" : `superseded ${newest.supersededAt} (${newest.supersededReason ?? "?"})`;
      context.print(
        `Status:     ${status}\nIssued:     ${newest.issuedAt}\nKey:        ${newest.document.signature.keyId}\n${formatCertificate(newest.document.certificate)}`,
      );
    });
}
