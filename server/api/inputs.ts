// The inputs that several procedures share, each bounded to what Postgres can hold, so a mistake is
// a 400 naming the field rather than a database error.
import { z } from "zod";
import { dnsLabel } from "../spec/goal-spec";

export const goalName = z.object({ name: dnsLabel });

// Iteration numbers are Postgres integers.
export const iterationNumber = z.number().int().nonnegative().max(2_147_483_647, "must be at most 2147483647");
export const candidateNumber = z.number().int().positive().max(2_147_483_647, "must be at most 2147483647");
