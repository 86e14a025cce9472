// What agent, setup, layer and reviewer commands see: a small base set that tools need to work, the
// runner's variables the spec names in env.pass, and the goal's secrets. Nothing else of the runner's
// environment (its database URL, its token, its secret key, cloud credentials) reaches them. The
// executor lays agent.env and SETPOINT_* over this.
import { RUNNER_CREDENTIALS } from "../spec/goal-spec";

export const BASE_VARIABLES = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR"];
const BASE_PREFIXES = ["LC_"]; // LC_ALL, LC_CTYPE, …: how tools read and print text

// Setpoint's own credentials never pass (the spec refuses them in env.pass; this holds for specs stored
// before). NODE_TEST_CONTEXT would make a `node --test` layer report to our test runner instead of printing TAP.
const WITHHELD = [...RUNNER_CREDENTIALS, "NODE_TEST_CONTEXT"];

export function agentEnvironment(pass: readonly string[], secrets: Record<string, string>, runner: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(runner)) {
    const base = BASE_VARIABLES.includes(name) || BASE_PREFIXES.some((prefix) => name.startsWith(prefix));
    if (value !== undefined && (base || pass.includes(name)) && !WITHHELD.includes(name)) env[name] = value;
  }
  return { ...env, ...secrets } as NodeJS.ProcessEnv;
}
