-- When the lease holder claimed the goal (how long it has held it; what the claim benchmark times).

-- AlterTable
ALTER TABLE "Goal" ADD COLUMN "leaseClaimedAt" TIMESTAMP(3);
