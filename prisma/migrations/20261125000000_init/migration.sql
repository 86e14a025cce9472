-- CreateTable
CREATE TABLE "Goal" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "spec" JSONB NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 1,
    "phase" TEXT NOT NULL DEFAULT 'Queued',
    "reason" TEXT NOT NULL DEFAULT 'Created',
    "message" TEXT NOT NULL DEFAULT '',
    "conditions" JSONB NOT NULL DEFAULT '[]',
    "observedGeneration" INTEGER NOT NULL DEFAULT 0,
    "currentIteration" INTEGER,
    "bestIteration" INTEGER,
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "acceptedCommit" TEXT,
    "baseCommit" TEXT,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "runStartedAt" TIMESTAMP(3),
    "runFromIteration" INTEGER NOT NULL DEFAULT 0,
    "heldSince" TIMESTAMP(3),
    "desired" TEXT NOT NULL DEFAULT 'Run',
    "nextRunAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseEpoch" INTEGER NOT NULL DEFAULT 0,
    "leaseExpiresAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "updatedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Goal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Iteration" (
    "id" UUID NOT NULL,
    "goalId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "generation" INTEGER NOT NULL,
    "phase" TEXT NOT NULL,
    "fromIteration" INTEGER,
    "fromCommit" TEXT,
    "commit" TEXT,
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "policyOk" BOOLEAN NOT NULL DEFAULT true,
    "regression" BOOLEAN NOT NULL DEFAULT false,
    "accepted" BOOLEAN NOT NULL DEFAULT false,
    "prompt" TEXT NOT NULL DEFAULT '',
    "agentOutput" TEXT NOT NULL DEFAULT '',
    "agentExitCode" INTEGER,
    "agentError" TEXT,
    "diff" TEXT NOT NULL DEFAULT '',
    "changedFiles" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "agentMs" INTEGER NOT NULL DEFAULT 0,
    "evalMs" INTEGER NOT NULL DEFAULT 0,
    "approval" TEXT,
    "approvalComment" TEXT,
    "approvedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "interruptions" INTEGER NOT NULL DEFAULT 0,
    "leaseEpoch" INTEGER NOT NULL,
    "runnerId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Iteration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LayerResult" (
    "id" UUID NOT NULL,
    "iterationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "kind" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "log" TEXT NOT NULL DEFAULT '',
    "exitCode" INTEGER,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "comments" TEXT,

    CONSTRAINT "LayerResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "goalId" UUID,
    "goalName" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL DEFAULT '',
    "data" JSONB NOT NULL DEFAULT '{}',
    "actor" TEXT NOT NULL DEFAULT 'system',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Runner" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),
    "iterationsDone" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Runner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Goal_name_key" ON "Goal"("name");

-- CreateIndex
CREATE INDEX "Goal_phase_nextRunAt_idx" ON "Goal"("phase", "nextRunAt");

-- CreateIndex
CREATE INDEX "Goal_leaseExpiresAt_idx" ON "Goal"("leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Iteration_phase_idx" ON "Iteration"("phase");

-- CreateIndex
CREATE UNIQUE INDEX "Iteration_goalId_number_key" ON "Iteration"("goalId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "LayerResult_iterationId_name_key" ON "LayerResult"("iterationId", "name");

-- CreateIndex
CREATE INDEX "Event_goalId_id_idx" ON "Event"("goalId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- AddForeignKey
ALTER TABLE "Iteration" ADD CONSTRAINT "Iteration_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LayerResult" ADD CONSTRAINT "LayerResult_iterationId_fkey" FOREIGN KEY ("iterationId") REFERENCES "Iteration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;
