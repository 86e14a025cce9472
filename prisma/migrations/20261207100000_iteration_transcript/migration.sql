-- What a CLI agent did in an iteration, read from its event stream (Claude Code's stream-json): shown on the
-- iteration page, and its denied tool calls told to the next prompt.

-- AlterTable
ALTER TABLE "Iteration" ADD COLUMN "transcript" JSONB;
