-- Connections: the outbox also carries pull request updates (kind), a delivery may name the goal secret
-- that signs or authenticates it (secretName), and a goal remembers its pull request (number, URL,
-- repository, the commit and iteration it shows), so a re-run or a drift updates the same one.

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'webhook',
ADD COLUMN "secretName" TEXT;

-- AlterTable
ALTER TABLE "Goal" ADD COLUMN "pullRequest" JSONB;
