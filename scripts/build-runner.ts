// Bundles the runner (server/runner/main.ts and the domain code it imports) into one plain JavaScript file,
// server/.build/runner.mjs, run by plain Node: without tsx's loader thread and transforms a runner holding 8
// loops takes about 30 MB less memory and starts faster (`npm run runner` and `npm start` build it first). npm packages stay external (node_modules). The file
// sits two folders below the project, like the sources, so the paths they resolve from their own folder
// (migrations, examples, the spawn helper) hold in the bundle too. Takes well under a second.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
export const RUNNER_BUNDLE = path.join(ROOT, "server/.build/runner.mjs");
// A young generation of 1 MB semispaces instead of 16: about 35 MB less at 8 loops, at no measurable cost in
// throughput (bench:loop). package.json's `runner` script passes the same flags.
export const RUNNER_NODE_FLAGS = ["--max-semi-space-size=1"];

export async function buildRunner(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, "server/runner/main.ts")],
    outfile: RUNNER_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    write: false,
  });
  // Written aside and renamed in: a runner starting meanwhile reads the old file or the new, never half of one.
  fs.mkdirSync(path.dirname(RUNNER_BUNDLE), { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, file.contents);
    fs.renameSync(temporary, file.path);
  }
  return RUNNER_BUNDLE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildRunner();
