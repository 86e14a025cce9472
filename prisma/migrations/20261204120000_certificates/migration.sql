-- Signed certificates of convergence (server/certificates): one row per convergence, never rewritten.

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "goalId" UUID NOT NULL,
    "generation" INTEGER NOT NULL,
    "iteration" INTEGER NOT NULL,
    "commit" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" TIMESTAMP(3),
    "supersededReason" TEXT,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Certificate_goalId_createdAt_idx" ON "Certificate"("goalId", "createdAt");

-- At most one current certificate per goal (SQL only: Prisma cannot describe a partial index).
CREATE UNIQUE INDEX "Certificate_goalId_current_key" ON "Certificate"("goalId") WHERE "supersededAt" IS NULL;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;
