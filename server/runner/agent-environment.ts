// What agent and layer commands inherit: the runner's environment minus Setpoint's own credentials.
// NODE_TEST_CONTEXT would make a `node --test` layer report to our test runner instead of printing TAP.
const WITHHELD = ["DATABASE_URL", "SETPOINT_TOKEN", "SETPOINT_TEST_PG_URL", "NODE_TEST_CONTEXT"];

export function agentEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of WITHHELD) delete env[name];
  return env;
}
