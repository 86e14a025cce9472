-- Triggers: a goal's dependencies (spec.dependsOn, copied for the claim), its webhook secret (sealed),
-- and the webhook deliveries it has seen (de-duplication and the rate limit).

-- AlterTable
ALTER TABLE "Goal" ADD COLUMN     "dependsOn" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "webhookSecret" TEXT;

-- Goals applied before this migration keep their dependencies.
UPDATE "Goal" SET "dependsOn" = ARRAY(SELECT jsonb_array_elements_text("spec"->'dependsOn'))
WHERE jsonb_typeof("spec"->'dependsOn') = 'array';

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "goalId" UUID NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("goalId","deliveryId")
);

-- CreateIndex
CREATE INDEX "Goal_dependsOn_idx" ON "Goal" USING GIN ("dependsOn");

-- CreateIndex
CREATE INDEX "WebhookDelivery_goalId_receivedAt_idx" ON "WebhookDelivery"("goalId", "receivedAt");

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;
