#!/usr/bin/env node
// Runs the TypeScript CLI in place through tsx, so `npx setpoint` works from the repo with no build step.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The repo's tsconfig, wherever the command is run from.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { exitQuietlyOnBrokenPipe, main } = await import("../server/cli/main.ts");
exitQuietlyOnBrokenPipe();
process.exitCode = await main(process.argv);
