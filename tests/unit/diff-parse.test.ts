import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDiff } from "../../components/iteration/parse-diff";

const MODIFIED = `diff --git a/src/calculator.js b/src/calculator.js
index a328c59..7ed53df 100644
--- a/src/calculator.js
+++ b/src/calculator.js
@@ -18,8 +18,7 @@ export function divide(a, b) {
 }
 
 export function average(values) {
-  var total = 0;
+  let total = 0;
   for (const value of values) total += value;
-  console.log("average of", values);
   return total / values.length;
 }
`;

test("a modified file is read into one hunk with old and new line numbers", () => {
  const { files, truncated } = parseDiff(MODIFIED);
  assert.equal(truncated, null);
  assert.equal(files.length, 1);
  const [file] = files;
  assert.deepEqual(
    { path: file.path, status: file.status, additions: file.additions, deletions: file.deletions, binary: file.binary },
    { path: "src/calculator.js", status: "modified", additions: 1, deletions: 2, binary: false },
  );
  const [hunk] = file.hunks;
  assert.equal(hunk.section, "export function divide(a, b) {");
  assert.equal(hunk.lines.length, 9);
  assert.deepEqual(hunk.lines[3], { kind: "del", text: "  var total = 0;", oldNumber: 21, newNumber: null });
  assert.deepEqual(hunk.lines[4], { kind: "add", text: "  let total = 0;", oldNumber: null, newNumber: 21 });
  assert.deepEqual(hunk.lines[1], { kind: "context", text: "", oldNumber: 19, newNumber: 19 });
  assert.deepEqual(hunk.lines.at(-1), { kind: "context", text: "}", oldNumber: 25, newNumber: 24 });
});

test("added, deleted, renamed and binary files are told apart", () => {
  const diff = `diff --git a/new.ts b/new.ts
new file mode 100644
index 0000000..e69de29
--- /dev/null
+++ b/new.ts
@@ -0,0 +1,2 @@
+export const a = 1;
+export const b = 2;
diff --git a/old.ts b/old.ts
deleted file mode 100644
index e69de29..0000000
--- a/old.ts
+++ /dev/null
@@ -1 +0,0 @@
-gone
diff --git a/lib/a.js b/lib/b.js
similarity index 90%
rename from lib/a.js
rename to lib/b.js
index 1111111..2222222 100644
--- a/lib/a.js
+++ b/lib/b.js
@@ -1,2 +1,2 @@
-const x = 1;
+const x = 2;
 module.exports = x;
diff --git a/logo.png b/logo.png
index 3333333..4444444 100644
Binary files a/logo.png and b/logo.png differ
diff --git a/same.txt b/moved.txt
similarity index 100%
rename from same.txt
rename to moved.txt
`;
  const files = parseDiff(diff).files;
  assert.deepEqual(
    files.map((file) => [file.path, file.status, file.oldPath, file.binary, file.additions, file.deletions]),
    [
      ["new.ts", "added", null, false, 2, 0],
      ["old.ts", "deleted", null, false, 0, 1],
      ["lib/b.js", "renamed", "lib/a.js", false, 1, 1],
      ["logo.png", "modified", null, true, 0, 0],
      ["moved.txt", "renamed", "same.txt", false, 0, 0],
    ],
  );
  assert.equal(files[1].hunks[0].lines[0].oldNumber, 1, "a hunk header without a count means one line");
});

test("a removed line that looks like a file header stays a removed line", () => {
  const diff = `diff --git a/notes.md b/notes.md
--- a/notes.md
+++ b/notes.md
@@ -1,3 +1,2 @@
 # Notes
--- a/ruler
-++ b/ruler
+kept
`;
  const [file] = parseDiff(diff).files;
  assert.equal(parseDiff(diff).files.length, 1);
  assert.deepEqual(
    file.hunks[0].lines.map((line) => [line.kind, line.text]),
    [
      ["context", "# Notes"],
      ["del", "-- a/ruler"],
      ["del", "++ b/ruler"],
      ["add", "kept"],
    ],
  );
});

test("several hunks, 'no newline' notes and context lines whose space was stripped", () => {
  const diff = `diff --git a/a.py b/a.py
--- a/a.py
+++ b/a.py
@@ -1,3 +1,3 @@
 def f():

-    return 1
+    return 2
@@ -10,2 +10,2 @@ def g():
 x = 1
-y = 2
\\ No newline at end of file
+y = 3
\\ No newline at end of file
`;
  const [file] = parseDiff(diff).files;
  assert.equal(file.hunks.length, 2);
  assert.deepEqual(file.hunks[0].lines[1], { kind: "context", text: "", oldNumber: 2, newNumber: 2 });
  assert.deepEqual(
    file.hunks[1].lines.map((line) => line.kind),
    ["context", "del", "note", "add", "note"],
  );
  assert.equal(file.hunks[1].lines[2].text, "No newline at end of file");
  assert.equal(file.hunks[1].lines[3].newNumber, 11);
  assert.deepEqual([file.additions, file.deletions], [2, 2]);
});

test("a truncated diff keeps what it has and says where it was cut", () => {
  const diff = `diff --git a/big.txt b/big.txt
--- a/big.txt
+++ b/big.txt
@@ -1,100 +1,100 @@
-one
+uno
[diff truncated: showing the first 90 of 50000 bytes]
`;
  const parsed = parseDiff(diff);
  assert.equal(parsed.truncated, "diff truncated: showing the first 90 of 50000 bytes");
  assert.equal(parsed.files.length, 1);
  assert.deepEqual(
    parsed.files[0].hunks[0].lines.map((line) => line.text),
    ["one", "uno"],
  );
});

test("quoted paths with special characters and paths with spaces are read back", () => {
  const diff = `diff --git "a/caf\\303\\251 menu.txt" "b/caf\\303\\251 menu.txt"
--- "a/caf\\303\\251 menu.txt"
+++ "b/caf\\303\\251 menu.txt"
@@ -1 +1 @@
-a
+b
diff --git a/my notes.txt b/my notes.txt
index 1..2 100644
Binary files a/my notes.txt and b/my notes.txt differ
`;
  assert.deepEqual(
    parseDiff(diff).files.map((file) => file.path),
    ["café menu.txt", "my notes.txt"],
  );
});

test("an empty diff has no files, and a plain unified diff without git headers is read too", () => {
  assert.deepEqual(parseDiff(""), { files: [], truncated: null });
  const plain = `--- a/x.c\t2024-01-01 00:00:00
+++ b/x.c\t2024-01-02 00:00:00
@@ -1 +1 @@
-int a;
+int b;
--- a/y.c
+++ b/y.c
@@ -1 +1,2 @@
 int c;
+int d;
`;
  assert.deepEqual(
    parseDiff(plain).files.map((file) => [file.path, file.additions, file.deletions]),
    [
      ["x.c", 1, 1],
      ["y.c", 1, 0],
    ],
  );
});

test("CRLF line endings do not leak into the code", () => {
  const diff = "diff --git a/w.txt b/w.txt\r\n--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n";
  assert.deepEqual(
    parseDiff(diff).files[0].hunks[0].lines.map((line) => line.text),
    ["a", "b"],
  );
});
