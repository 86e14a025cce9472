// The URLs a spec has Setpoint call (notify, the pull request API), checked at apply as far as the URL
// alone tells: an address or `localhost` written in it. Names are checked after DNS, when called.
import type { GoalSpec } from "../spec/goal-spec";
import type { Issue } from "../goals/user-error";
import { literalUrlProblem } from "./address-refusal";

export function specUrlProblems(spec: GoalSpec): Issue[] {
  const urls = spec.notify.map((entry, index) => ({ path: `spec.notify[${index}].url`, url: entry.url }));
  if (spec.workspace.pullRequest) urls.push({ path: "spec.workspace.pullRequest.apiUrl", url: spec.workspace.pullRequest.apiUrl });
  return urls.flatMap(({ path, url }) => {
    const problem = literalUrlProblem(url);
    return problem ? [{ path, message: problem }] : [];
  });
}
