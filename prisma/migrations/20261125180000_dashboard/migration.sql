-- The dashboard: when a goal last changed (for the board's cards and order), and the live output
-- of running iterations (the agent's and each layer's tail, rewritten about once a second).

-- AlterTable
ALTER TABLE "Goal" ADD COLUMN "lastEventAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "LiveOutput" (
    "iterationId" UUID NOT NULL,
    "stream" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LiveOutput_pkey" PRIMARY KEY ("iterationId","stream")
);

-- CreateIndex
CREATE INDEX "Goal_phase_lastEventAt_idx" ON "Goal"("phase", "lastEventAt");

-- AddForeignKey
ALTER TABLE "LiveOutput" ADD CONSTRAINT "LiveOutput_iterationId_fkey" FOREIGN KEY ("iterationId") REFERENCES "Iteration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
