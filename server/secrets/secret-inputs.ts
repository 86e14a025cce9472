// What a goal secret's name and value may be, checked the same way by the API, the CLI and the domain.
import { z } from "zod";
import { BASE_VARIABLES } from "../runner/agent-environment";
import { envName } from "../spec/goal-spec";

export const SECRET_VALUE_MAX_BYTES = 64 * 1024;

// A secret becomes an environment variable of the goal's commands. SETPOINT_* belongs to the runner
// (SETPOINT_GOAL, SETPOINT_PROMPT_FILE, which it sets last anyway, and SETPOINT_SECRET_KEY).
export const secretName = envName
  .max(255, "must be at most 255 characters")
  .refine((name) => !name.toUpperCase().startsWith("SETPOINT_"), "must not start with SETPOINT_ (those names are the runner's own)")
  // PATH, HOME and the rest decide which programs run and where: not something a secret should replace.
  .refine((name) => !BASE_VARIABLES.includes(name), `must not be one of the base variables commands get (${BASE_VARIABLES.join(", ")})`);

export const secretValue = z
  .string()
  .min(1, "must not be empty")
  .refine((value) => Buffer.byteLength(value, "utf8") <= SECRET_VALUE_MAX_BYTES, `must be at most ${SECRET_VALUE_MAX_BYTES} bytes (64 KiB)`)
  .refine((value) => !value.includes("\u0000"), "cannot contain the NUL character (\\u0000)");
