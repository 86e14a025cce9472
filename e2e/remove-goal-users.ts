// `node --import tsx e2e/remove-goal-users.ts <goal id>...`: removes the system users a root runner made for these
// goals (removeGoalUser), for playwright.config.ts's exit handler, which cannot wait for a promise itself.
import { removeGoalUser } from "../server/runner/goal-user";

for (const goalId of process.argv.slice(2)) {
  const kept = await removeGoalUser(goalId);
  if (kept) process.stderr.write(`[e2e] kept the user of goal ${goalId}: ${kept}\n`);
}
