-- Continuous reconciliation: a converged goal with triggers.schedule has its layers measured again
-- when nextResyncAt comes (runners find due ones by the index); lastResyncAt is when they last were.

-- AlterTable
ALTER TABLE "Goal" ADD COLUMN     "lastResyncAt" TIMESTAMP(3),
ADD COLUMN     "nextResyncAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Goal_nextResyncAt_idx" ON "Goal"("nextResyncAt");
