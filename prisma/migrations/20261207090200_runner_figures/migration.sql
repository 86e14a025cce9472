-- /api/metrics: each runner writes its busy slots and its cumulative claim-latency and iteration-overhead
-- histograms (bucket counts) with its heartbeat, so the web process reads them in one statement.

-- AlterTable
ALTER TABLE "Runner" ADD COLUMN     "slotsBusy" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "figures" JSONB NOT NULL DEFAULT '{}';
