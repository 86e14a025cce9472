-- When each approval gate opened (its timeout counts from there); pending gates and the audit by goal name are indexed.

-- AlterTable
ALTER TABLE "Iteration" ADD COLUMN "approvalRequestedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Iteration_approval_idx" ON "Iteration"("approval");

-- CreateIndex
CREATE INDEX "Event_goalName_id_idx" ON "Event"("goalName", "id");
