// Goal secrets that belong to a connection (the pull request's GitHub token, a notification's signing
// key) rather than to the goal's commands: the runner uses them itself and never hands them to an
// agent, a layer or a setup command. They are masked all the same.
import type { GoalSpec } from "../spec/goal-spec";

export function connectionSecretNames(spec: GoalSpec): Set<string> {
  const names = spec.notify.flatMap((entry) => (entry.signingSecret ? [entry.signingSecret] : []));
  if (spec.workspace.pullRequest) names.push(spec.workspace.pullRequest.tokenSecret);
  return new Set(names);
}

export function commandSecrets(spec: GoalSpec, secrets: Record<string, string>): Record<string, string> {
  const withheld = connectionSecretNames(spec);
  return Object.fromEntries(Object.entries(secrets).filter(([name]) => !withheld.has(name)));
}
