// A tiny linter for the demo: no `var` and no `console.log` in src/. Exits 1 when it finds any.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const RULES = [
  { pattern: /\bvar\s/, message: "use let or const, not var" },
  { pattern: /\bconsole\.log\(/, message: "remove debugging console.log" },
];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : file.endsWith(".js") ? [file] : [];
  });
}

const problems = [];
for (const file of filesUnder("src")) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      for (const rule of RULES) {
        if (rule.pattern.test(line)) problems.push(`${file}:${index + 1}: ${rule.message}`);
      }
    });
}

for (const problem of problems) console.error(problem);
console.log(problems.length === 0 ? "lint: ok" : `lint: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
