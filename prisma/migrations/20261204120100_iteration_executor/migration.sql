-- Which executor and model made each agent iteration, so gaming can be counted per maker (server/insights/count-gaming.ts).

-- AlterTable
ALTER TABLE "Iteration" ADD COLUMN "executor" TEXT,
ADD COLUMN "model" TEXT;

-- Agent iterations recorded before this column existed: the executor and model their goal's spec names now
-- (the closest record there is; a spec edited since may have named another).
UPDATE "Iteration" i SET "executor" = g.spec->'agent'->>'executor', "model" = g.spec->'agent'->>'model'
FROM "Goal" g WHERE g.id = i."goalId" AND i."fromIteration" IS NOT NULL;
