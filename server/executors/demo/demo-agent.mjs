// Setpoint's demo agent: a scripted stand-in for a coding agent, with no LLM. Each run it applies the
// first known calculator fix that still applies, so a demo loop really converges, one fix per iteration.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CALCULATOR_FIXES, applyFix } from "./calculator-fixes.mjs";

const DEMO_COST_USD = process.env.SETPOINT_DEMO_COST_USD ?? "0.01"; // set by run-demo.ts

function say(message) {
  console.log(`[demo agent] ${message}`);
}

function readStdin() {
  try {
    return readFileSync(0, "utf8");
  } catch {
    return "";
  }
}

const prompt = readStdin();
say(`Setpoint's scripted demo agent (no LLM), goal ${process.env.SETPOINT_GOAL ?? "?"}, iteration ${process.env.SETPOINT_ITERATION ?? "?"}`);
say(`read a prompt of ${prompt.length} characters`);

// A reviewer's rejection reaches the agent in the prompt; show that it was read.
for (const line of prompt.split("\n")) {
  if (/reject/i.test(line)) say(`I read the reviewer's note: ${line.trim()}`);
}

let applied = null;
for (const fix of CALCULATOR_FIXES) {
  const file = path.join(process.cwd(), fix.file);
  if (!existsSync(file)) continue;
  const fixed = applyFix(fix, readFileSync(file, "utf8"));
  if (fixed === null) continue;
  writeFileSync(file, fixed);
  applied = fix;
  break;
}

if (applied) say(`fixed ${applied.file}: ${applied.description}`);
else say("nothing left that I know how to fix");
say(`pretend cost: $${DEMO_COST_USD} (demo only, nothing was spent)`);
