// How a spec's path globs match a repository path: policy layers' forbid/allow paths and evaluation.protect.
import picomatch from "picomatch";

// "./src/**" is written as a path would be; "test/" means the folder and everything in it.
export function pathMatcher(patterns: string[]): (path: string) => boolean {
  const globs = patterns.map((pattern) => {
    const glob = pattern.replace(/^(\.\/)+/, "");
    return glob.endsWith("/") ? `${glob}**` : glob;
  });
  // "s": a "*" must match a newline too, or a file whose name holds one would slip past every glob.
  return picomatch(globs, { dot: true, flags: "s" });
}

// The folder (or file) a glob can only match inside, written literally: "test/**" → "test", "package.json"
// → itself; null when it may match anywhere ("**/*.test.js", ".eslintrc*"), so git must look at the whole tree.
export function literalPrefix(pattern: string): string | null {
  const segments = pattern
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "")
    .split("/");
  const literal: string[] = [];
  for (const segment of segments) {
    if (/[*?[\]{}()!+@\\]/.test(segment)) break;
    literal.push(segment);
  }
  return literal.length === 0 || literal.join("") === "" ? null : literal.join("/");
}
