import assert from "node:assert/strict";
import { test } from "node:test";
import { highlightHunk, languageFor, splitHtmlLines } from "../../components/iteration/highlight-diff";
import { parseDiff } from "../../components/iteration/parse-diff";

test("the language comes from the file's extension or its well-known name", () => {
  assert.equal(languageFor("src/calculator.js"), "js");
  assert.equal(languageFor("server/x.ts"), "ts");
  assert.equal(languageFor("a/b/Makefile"), "makefile");
  assert.equal(languageFor("README"), null);
  assert.equal(languageFor("data.unknownext"), null);
});

test("spans open across a newline are closed and reopened on each line", () => {
  const lines = splitHtmlLines('<span class="hljs-comment">/* a\nb */</span> x', 2);
  assert.deepEqual(lines, ['<span class="hljs-comment">/* a</span>', '<span class="hljs-comment">b */</span> x']);
});

test("each hunk line gets its side's coloured code, and a comment spanning lines stays coloured", () => {
  const diff = `diff --git a/a.js b/a.js
--- a/a.js
+++ b/a.js
@@ -1,3 +1,3 @@
 /* start
-old <b>
+const x = 1;
 end */
`;
  const [file] = parseDiff(diff).files;
  const html = highlightHunk(file.hunks[0], "js");
  assert.equal(html.length, 4);
  assert.match(html[1], /hljs-comment/, "the removed line sits inside the old side's comment");
  assert.match(html[1], /old &lt;b&gt;/, "code is escaped");
  assert.match(html[2], /hljs-comment/);
  assert.match(html[3], /end \*\//);
});

test("code in an unknown language is escaped, not coloured", () => {
  const [file] = parseDiff("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-<script>\n+&amp;\n").files;
  assert.deepEqual(highlightHunk(file.hunks[0], null), ["&lt;script&gt;", "&amp;amp;"]);
});
