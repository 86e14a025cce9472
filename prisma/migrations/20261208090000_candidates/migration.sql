-- Best of N (spec.strategy): an iteration's candidates, each claimable by any runner under a lease of its own.

-- AlterTable
ALTER TABLE "Iteration" ADD COLUMN "candidates" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN "winner" INTEGER;

-- CreateTable
CREATE TABLE "Candidate" (
    "id" UUID NOT NULL,
    "iterationId" UUID NOT NULL,
    "goalId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'Queued',
    "executor" TEXT NOT NULL,
    "model" TEXT,
    "fromCommit" TEXT NOT NULL,
    "commit" TEXT,
    "prompt" TEXT NOT NULL DEFAULT '',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "policyOk" BOOLEAN NOT NULL DEFAULT true,
    "diff" TEXT NOT NULL DEFAULT '',
    "changedFiles" INTEGER NOT NULL DEFAULT 0,
    "changedLines" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "agentMs" INTEGER NOT NULL DEFAULT 0,
    "evalMs" INTEGER NOT NULL DEFAULT 0,
    "agentOutput" TEXT NOT NULL DEFAULT '',
    "agentExitCode" INTEGER,
    "agentError" TEXT,
    "transcript" JSONB,
    "layers" JSONB NOT NULL DEFAULT '[]',
    "protectViolations" JSONB NOT NULL DEFAULT '[]',
    "measuredFiles" JSONB NOT NULL DEFAULT '[]',
    "winner" BOOLEAN NOT NULL DEFAULT false,
    "verdict" TEXT,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "agentRunning" BOOLEAN NOT NULL DEFAULT false,
    "hiddenRunning" BOOLEAN NOT NULL DEFAULT false,
    "workDir" TEXT,
    "leaseOwner" TEXT,
    "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
    "leaseExpiresAt" TIMESTAMP(3),
    "interruptions" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Candidate_iterationId_number_key" ON "Candidate"("iterationId", "number");

-- CreateIndex
CREATE INDEX "Candidate_phase_createdAt_idx" ON "Candidate"("phase", "createdAt");

-- CreateIndex
CREATE INDEX "Candidate_goalId_idx" ON "Candidate"("goalId");

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_iterationId_fkey" FOREIGN KEY ("iterationId") REFERENCES "Iteration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
