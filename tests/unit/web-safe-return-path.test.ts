// Where a sign-in or a refusal may send someone back to: only this site, as the browser reads the
// address (it drops tabs and newlines, trims control characters, reads '\' as '/').
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { safeReturnPath } from "../../server/web/safe-return-path";

const OURS = "https://setpoint.example:8443";

// Where a browser on our page goes when told `Location: path`, resolved by the WHATWG parser it uses.
function landsOn(path: string, from = `${OURS}/sign-in?next=x`): string {
  return new URL(path, from).origin;
}

test("the reported addresses and their cousins go to the board, not to another host", () => {
  for (const next of [
    "/\t/other-host/x",
    "/\n/other-host/x",
    "/\r\n/other-host",
    "\t//other-host",
    " //other-host",
    "\u0000//other-host",
    "/\t\\other-host",
    "//other-host/x",
    "/\\other-host",
    "\\/other-host",
    "\\\\other-host",
    "/./\\other-host",
    "/.//other-host",
    "/..//other-host",
    "/a/..//other-host",
    "https://other-host/",
    "http:other-host",
    "javascript:alert(1)",
    "data:text/html,x",
    "//",
    "",
    "other-host",
  ]) {
    const path = safeReturnPath(next);
    assert.equal(landsOn(path), OURS, `${JSON.stringify(next)} → ${path}`);
    assert.equal(path, "/", `${JSON.stringify(next)} is refused outright`);
  }
  assert.equal(safeReturnPath(undefined), "/");
  assert.equal(safeReturnPath(null), "/");
});

test("a path on this site comes back as the same place, query and fragment included", () => {
  for (const [next, expected] of [
    ["/goals/demo-calculator", "/goals/demo-calculator"],
    ["/?label=app.kubernetes.io%2Fname%3Dweb&phase=Running", "/?label=app.kubernetes.io%2Fname%3Dweb&phase=Running"],
    ["/goals/x/iterations/3#diff", "/goals/x/iterations/3#diff"],
    ["/%2F%2Fother-host", "/%2F%2Fother-host"], // an escaped slash is a path segment, on this site
    ["/goals/a b", "/goals/a%20b"],
  ]) {
    assert.equal(safeReturnPath(next), expected, next);
  }
});

// Pieces that make the tricks: slashes both ways, what browsers strip, dot segments, escapes, hosts.
const piece = fc.constantFrom(
  "/",
  "\\",
  "//",
  "\t",
  "\n",
  "\r",
  " ",
  "\u0000",
  "\u001f",
  ".",
  "..",
  "%09",
  "%2F",
  "%5C",
  "%2e",
  "@",
  ":",
  "?",
  "#",
  "other-host",
  "goals",
  "x",
);

test("whatever the input, a browser following the answer stays on this site, and the answer is stable", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: "binary" }),
        fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
      ),
      (next) => {
        const path = safeReturnPath(next);
        assert.ok(path.startsWith("/") && !path.startsWith("//"), `${JSON.stringify(next)} → ${JSON.stringify(path)}`);
        assert.equal(landsOn(path), OURS, `${JSON.stringify(next)} → ${JSON.stringify(path)}`);
        assert.equal(landsOn(path, "http://127.0.0.1:3000/forbidden"), "http://127.0.0.1:3000", "whatever host the person used");
        assert.equal(safeReturnPath(path), path, "judging it again changes nothing");
      },
    ),
    { numRuns: 5000 },
  );
});

test("every ordinary path of this site is kept as the place it names", () => {
  fc.assert(
    fc.property(fc.webPath(), fc.webQueryParameters(), fc.webFragments(), (pathPart, query, fragment) => {
      const next = `/${pathPart.replace(/^\/+/, "")}${query ? `?${query}` : ""}${fragment ? `#${fragment}` : ""}`;
      const expected = new URL(next, OURS);
      if (expected.pathname.startsWith("//")) return; // a dot segment made it a host: refused above
      const kept = new URL(safeReturnPath(next), OURS);
      assert.equal(kept.href, expected.href, next);
    }),
    { numRuns: 2000 },
  );
});
