-- evaluation.protect and hidden checks (issue 11): which protected paths an agent changed, the hash of every
-- protected and hidden file as measured (read by the certificate), and whether hidden checks failed while
-- the visible ones passed (counted per executor by server/insights/count-gaming.ts).

-- AlterTable
ALTER TABLE "Iteration" ADD COLUMN     "measuredFiles" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "protectViolations" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "LayerResult" ADD COLUMN     "hiddenFailed" BOOLEAN;
