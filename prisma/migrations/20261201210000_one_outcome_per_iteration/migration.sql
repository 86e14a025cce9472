-- An iteration has one outcome: it was evaluated, or its agent failed. A runner that records one a second
-- time (a bug in the fencing, a redo of a finished iteration) fails instead of counting the iteration twice.
-- The iteration number lives in the event's data, so this is an expression index that schema.prisma cannot
-- describe (tests/integration/schema-matches-migrations.test.ts lists it).

-- CreateIndex
CREATE UNIQUE INDEX "Event_goalId_iteration_outcome_key" ON "Event"("goalId", ((data->>'iteration')::int)) WHERE "type" IN ('IterationEvaluated', 'AgentFailed');
