-- The dashboard's summary counts the iterations of the last hour and sums today's spend by finish time
-- (server/fleet/read-summary.ts): an index range instead of a scan of every iteration ever run.

-- CreateIndex
CREATE INDEX "Iteration_finishedAt_idx" ON "Iteration"("finishedAt");
