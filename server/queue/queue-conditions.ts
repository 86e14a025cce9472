// The queue's conditions on a "Goal" row, shared by the claim, the renewal's give-way check and the idle sleep.
import { Prisma } from "../generated/prisma/client";

export const UNLEASED = Prisma.sql`("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < timezone('UTC', now()))`;
// spec.dependsOn: a queued goal waits until every goal it names has converged (one unique-index probe
// per name; most goals name none and cost only the cardinality test). Written against the unaliased
// "Goal" of the query it sits in.
export const DEPENDENCIES_CONVERGED = Prisma.sql`(cardinality("Goal"."dependsOn") = 0 OR NOT EXISTS (
  SELECT 1 FROM unnest("Goal"."dependsOn") AS wanted(name)
  WHERE NOT EXISTS (SELECT 1 FROM "Goal" AS dependency WHERE dependency.name = wanted.name AND dependency.phase = 'Converged')))`;
export const DUE = Prisma.sql`(("phase" = 'Queued' AND "nextRunAt" <= timezone('UTC', now()) AND ${DEPENDENCIES_CONVERGED}) OR "phase" = 'Running')`;
// Among those: a goal whose holder stopped mid-way (Running without a lease, or a claim whose lease ran out).
export const TAKEOVER = Prisma.sql`("phase" = 'Running' OR "leaseOwner" IS NOT NULL)`;
