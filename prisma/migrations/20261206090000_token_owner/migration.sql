-- Every API token belongs to a person, and acts as that person: events name them, four-eyes compares them.
-- Tokens made before owners existed go to whoever made them when that is a person (createdBy), then the
-- first start's own admin token (named after the first admin, made by nobody) to that admin, then anything
-- left to the first admin. With no user at all a token stays ownerless until `npm start` makes the first
-- admin and gives it to them. Goals created or edited through a token now name its owner, so four-eyes
-- holds for what was applied before this migration too.

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "ownerId" UUID;

UPDATE "ApiToken" AS t SET "ownerId" = u.id FROM "User" AS u WHERE u.name = t."createdBy";
UPDATE "ApiToken" AS t SET "ownerId" = u.id FROM "User" AS u WHERE t."ownerId" IS NULL AND t."createdBy" IS NULL AND u.name = t.name;
UPDATE "ApiToken" SET "ownerId" = (SELECT id FROM "User" WHERE role = 'admin' ORDER BY "createdAt", name LIMIT 1) WHERE "ownerId" IS NULL;

-- A token's name, where it means one person (no user has that name, every token of that name has one owner).
WITH token_person AS (
  SELECT t.name AS token, min(u.name) AS person
  FROM "ApiToken" AS t JOIN "User" AS u ON u.id = t."ownerId"
  WHERE NOT EXISTS (SELECT 1 FROM "User" AS same WHERE same.name = t.name)
  GROUP BY t.name
  HAVING count(DISTINCT t."ownerId") = 1 AND count(*) = count(t."ownerId")
)
UPDATE "Goal" AS g SET
  "createdBy" = COALESCE((SELECT person FROM token_person WHERE token = g."createdBy"), g."createdBy"),
  "updatedBy" = COALESCE((SELECT person FROM token_person WHERE token = g."updatedBy"), g."updatedBy")
WHERE g."createdBy" IN (SELECT token FROM token_person) OR g."updatedBy" IN (SELECT token FROM token_person);

-- CreateIndex
CREATE INDEX "ApiToken_ownerId_idx" ON "ApiToken"("ownerId");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
