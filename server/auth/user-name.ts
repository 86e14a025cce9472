// A user's or a token's name: what events, approvals and four-eyes checks record as the actor.
import { z } from "zod";

export const principalName = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "must be lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
