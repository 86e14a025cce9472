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
// How Node runs the runner, each flag for memory measured with bench:loop and bench:runner-memory at no cost in
// throughput or CPU time (docs/BENCHMARKS.md, "A runner's memory"). `npm run runner` reads them from this list
// (this script prints them), `npm start` and the benchmarks pass them too.
export const RUNNER_NODE_FLAGS = [
  // A young generation of 1 MB semispaces instead of 16: about 35 MB less at 8 loops.
  "--max-semi-space-size=1",
  // Prisma's query compiler is WebAssembly. V8 runs it first as Liftoff's baseline code, then compiles the
  // functions that get hot with TurboFan on background threads: that compilation's working memory, freed, stays
  // in glibc's per-thread arenas for good, 70–90 MB of a runner's 200. The compiler runs only for a query shape
  // Prisma has not planned yet (its plans are cached), so the baseline code costs no throughput: Liftoff only.
  "--no-wasm-dynamic-tiering",
  "--no-wasm-tier-up",
  // V8 lets the old generation grow to up to 4× what survived the last full collection before the next one: a
  // runner keeping 30 MB let its heap reach 110 MB. 1.5× keeps it near 45; the extra full collections are
  // incremental and cost no measurable CPU time per iteration.
  "--heap-growing-percent=50",
  // V8 collects with helper threads, which a runner's small collections (1 MB semispaces, several per iteration)
  // wake each time: on two cores those threads cost more CPU than the runner's own JavaScript thread and save it
  // no time, and several runners on one machine multiply them. Collecting on the main thread alone cost less
  // CPU per iteration in 4 of 5 paired bench:loop runs (docs/BENCHMARKS.md, "Paired rounds").
  "--single-threaded-gc",
];

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

// Run as a script (`npm run runner`): builds, then prints the flags for the shell to start Node with.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildRunner();
  console.log(RUNNER_NODE_FLAGS.join(" "));
}
