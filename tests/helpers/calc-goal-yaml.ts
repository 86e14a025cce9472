// The sample calculator repository's goal as YAML, as an MCP client sends it (validate_goal, apply_goal):
// the demo agent fixes the tests and the lint; `extra` adds lines under spec (indented two spaces).
export const calcGoalYaml = (name: string, repo: string, extra = "") => `apiVersion: setpoint.dev/v1
kind: Goal
metadata:
  name: ${name}
spec:
  intent: Make every test pass and the linter happy without editing the tests.
  workspace: { repo: ${repo}, ref: main }
  agent: { executor: demo, timeoutSeconds: 60 }
  metrics:
    - { metric: tests.pass_ratio, target: ">= 1" }
    - { metric: lint.ok, target: "== 1" }
  evaluation:
    layers:
      - { name: tests, run: npm test --silent, parse: tap, timeoutSeconds: 120 }
      - { name: lint, run: npm run lint --silent, parse: exit-code }
  stop: { maxIterations: 10, stallIterations: 3 }
${extra}`;
