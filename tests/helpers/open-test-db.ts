// A test file's own migrated database and Prisma client: made before its tests, dropped after them.
import { after, before } from "node:test";
import { createDb, type Db } from "../../server/db/client";
import { createTestDatabase } from "./test-database";

export function openTestDb(opened: (db: Db) => void): void {
  let close = async () => {};
  before(async () => {
    const database = await createTestDatabase();
    const created = createDb(database.url, 5);
    opened(created.db);
    close = async () => {
      await created.db.$disconnect();
      await created.pool.end();
      await database.drop();
    };
  });
  after(() => close());
}
