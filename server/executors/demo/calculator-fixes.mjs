// The demo agent's whole "knowledge": known fixes for examples/calculator, in the order it applies them.
// Each fix is a list of exact replacements in one file; a fix applies while all its "before" texts are present.
export const CALCULATOR_FIXES = [
  {
    name: "subtract",
    description: "subtract added its arguments; it now subtracts",
    file: "src/calculator.js",
    replacements: [{ before: "export function subtract(a, b) {\n  return a + b;\n}", after: "export function subtract(a, b) {\n  return a - b;\n}" }],
  },
  {
    name: "multiply",
    description: "multiply was off by one; dropped the stray + 1",
    file: "src/calculator.js",
    replacements: [{ before: "  return a * b + 1;\n", after: "  return a * b;\n" }],
  },
  {
    name: "divide-by-zero",
    description: "divide now refuses division by zero with a RangeError",
    file: "src/calculator.js",
    replacements: [
      {
        before: "export function divide(a, b) {\n  return a / b;\n}",
        after: 'export function divide(a, b) {\n  if (b === 0) throw new RangeError("cannot divide by zero");\n  return a / b;\n}',
      },
    ],
  },
  {
    name: "lint",
    description: "average used `var` and a debugging console.log; now `let` and no log",
    file: "src/calculator.js",
    replacements: [
      { before: "  var total = 0;\n", after: "  let total = 0;\n" },
      { before: '  console.log("average of", values);\n', after: "" },
    ],
  },
];

// Applies a fix to a file's text, or returns null when the fix does not apply (already done, or unknown code).
export function applyFix(fix, text) {
  if (!fix.replacements.every((replacement) => text.includes(replacement.before))) return null;
  return fix.replacements.reduce((current, replacement) => current.replace(replacement.before, replacement.after), text);
}
