// Prisma 7 reads its settings here. The URL matters only to Prisma's own CLI (migrate deploy
// elsewhere); Setpoint itself applies prisma/migrations with server/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/setpoint" },
});
