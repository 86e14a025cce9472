// `webhook rotate|get NAME`: a goal's webhook trigger (spec.triggers.webhook). rotate prints a new
// secret once, with a curl line that sends a signed delivery.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { formatAge } from "../format/format-age";
import { formatTable } from "../format/format-table";
import { parseOutputFormat } from "../parse-options";

export function registerWebhook(program: Command, context: CliContext): void {
  const webhook = program.command("webhook").description("a goal's webhook trigger: a signed POST starts a new run");
  webhook
    .command("rotate")
    .description("make a new webhook secret (the old one stops working) and print it once")
    .argument("<name>", "the goal's name")
    .action(async (name: string) => {
      const hook = await (await context.api()).rotateWebhookSecret(name);
      context.print(
        [
          `webhook of goal.setpoint.dev/${hook.name}`,
          `  URL:    ${hook.url}`,
          `  secret: ${hook.secret}`,
          "The secret is shown this once; Setpoint keeps it encrypted. Give it to the sender (GitHub: Settings > Webhooks > Secret, content type application/json;",
          "another goal's notify entry: as a goal secret named in its signingSecret).",
          ...(hook.enabled ? [] : [`note: spec.triggers.webhook is not true for ${hook.name}, so deliveries are answered 404 until it is`]),
          "Try it:",
          // Setpoint's own signature: the time and the delivery id are signed too, so a replay is refused.
          `  body='{}'; id=$(date +%s%N); t=$(date +%s); curl -X POST '${hook.url}' -H "X-Setpoint-Delivery: $id" -H "X-Setpoint-Signature: t=$t,v1=$(printf '%s.%s.%s' "$t" "$id" "$body" | openssl dgst -sha256 -hmac '${hook.secret}' | sed 's/^.* //')" --data "$body"`,
        ].join("\n"),
      );
    });
  webhook
    .command("get")
    .description("show the webhook's URL, whether a secret is set, and recent deliveries")
    .argument("<name>", "the goal's name")
    .option("-o, --output <format>", "json or yaml")
    .action(async (name: string, options: { output?: string }) => {
      const output = parseOutputFormat(options.output, ["json", "yaml"]);
      const hook = await (await context.api()).getWebhook(name);
      if (output === "json" || output === "yaml") {
        const { formatObject } = await import("../format/format-object");
        context.print(formatObject(hook, output));
        return;
      }
      const lines = [
        `Goal:     ${hook.name}`,
        `URL:      ${hook.url}`,
        `Enabled:  ${hook.enabled ? "yes" : "no (set spec.triggers.webhook: true)"}`,
        `Secret:   ${hook.secretSet ? "set" : `not set (npx setpoint webhook rotate ${hook.name})`}`,
        hook.deliveries.length === 0 ? "Deliveries: none yet" : "Deliveries:",
      ];
      context.print(lines.join("\n"));
      if (hook.deliveries.length > 0) {
        context.print(
          formatTable(
            ["AGE", "DELIVERY", "OUTCOME"],
            hook.deliveries.map((delivery) => [formatAge(delivery.receivedAt, context.now()), delivery.deliveryId, delivery.outcome]),
          ),
        );
      }
    });
}
