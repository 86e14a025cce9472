// Runs a regex layer's pattern over the layer's output in a worker thread (see match-pattern.ts): a pattern
// that backtracks for ever blocks only this thread, which is terminated at the time limit. Plain JavaScript,
// so it loads without tsx, from the sources and from the runner's bundle alike.
import { parentPort } from "node:worker_threads";

parentPort.on("message", ({ text, pattern }) => {
  let last = null;
  for (const match of text.matchAll(new RegExp(pattern, "gm"))) last = match;
  parentPort.postMessage(last === null ? { matched: false } : { matched: true, groups: last.groups ? { ...last.groups } : null });
});
