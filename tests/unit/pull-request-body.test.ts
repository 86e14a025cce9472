import assert from "node:assert/strict";
import { test } from "node:test";
import { gitAuthEnv, webOrigin } from "../../server/pull-requests/git-auth-env";
import { githubRepository } from "../../server/pull-requests/github-repository";
import { pullRequestBody, pullRequestTitle, statusDescription, type ConvergenceReport } from "../../server/pull-requests/pull-request-body";

const report: ConvergenceReport = {
  goal: "fix-checkout",
  intent: "Make the checkout tests pass.\nDo not touch the payment adapters.",
  iteration: 7,
  commit: "0123456789abcdef0123",
  targets: [
    { metric: "tests.pass_ratio", target: ">= 1", value: 1 },
    { metric: "coverage.lines", target: "> 80", value: 83.456789 },
  ],
  iterations: 5,
  costUsd: 1.234,
  checker: [{ layer: "review", ok: true, comments: "Looks right; @octocat should see the\nnew test." }],
  approvals: [
    { iteration: 5, decision: "rejected", by: "bob", comment: "too broad" },
    { iteration: 7, decision: "approved", by: "carol", comment: null },
  ],
  certificate: null,
  url: "https://setpoint.example/goals/fix-checkout",
};

test("the body reports each target with its final value, iterations, cost, the checker's verdict and every approval", () => {
  const body = pullRequestBody(report, null);
  assert.match(body, /converged at \[iteration 7\]\(https:\/\/setpoint\.example\/goals\/fix-checkout\/iterations\/7\) \(commit `0123456789ab`\)/);
  assert.match(body, /\| `tests\.pass_ratio` \| `>= 1` \| 1 \| ✅ \|/);
  assert.match(body, /\| `coverage\.lines` \| `> 80` \| 83\.4568 \| ✅ \|/);
  assert.match(body, /\*\*Iterations\*\* in this run: 5 · \*\*Cost\*\*: \$1\.23/);
  assert.match(body, /- `review`: passed: Looks right; @\u200boctocat should see the new test\./, "an agent's text mentions nobody");
  assert.match(body, /- iteration 5: rejected by bob: too broad\n- iteration 7: approved by carol/);
  assert.doesNotMatch(body, /Certificate/, "no certificate section until there is one");
  const certificate = { id: "6f1c0d2e-0000-4000-8000-000000000000", keyId: "k1", document: '{\n  "kind": "Certificate"\n}' };
  const withCertificate = pullRequestBody({ ...report, certificate }, null);
  assert.match(
    withCertificate,
    /\*\*Certificate\*\* `6f1c0d2e-0000-4000-8000-000000000000` \(Ed25519, key `k1`\): save it as cert\.json and check it with `npx setpoint verify cert\.json --public-key key\.pem`, the key from https:\/\/setpoint\.example\/api\/certificates\/public-key\./,
  );
  assert.match(withCertificate, /<details><summary>cert\.json<\/summary>\n\n```json\n\{\n {2}"kind": "Certificate"\n\}\n```/);
});

test("a drift is said first, and the status says it in 140 characters at most", () => {
  const drift = { message: `the resync of 0123abcd found tests.pass_ratio 0.5, which breaks >= 1 ${"x".repeat(300)}` };
  assert.match(pullRequestBody(report, drift), /^> \[!WARNING\]\n> \*\*Drifted\*\*: the resync of 0123abcd/);
  const description = statusDescription(report, drift);
  assert.ok(description.length <= 140);
  assert.match(description, /^drifted: the resync/);
  assert.equal(statusDescription(report, null), "converged at iteration 7: tests.pass_ratio=1, coverage.lines=83.4568");
});

test("the title is the spec's, or the goal and the intent's first line", () => {
  assert.equal(pullRequestTitle(report), "Setpoint: fix-checkout: Make the checkout tests pass.");
  assert.equal(pullRequestTitle(report, "Fix checkout"), "Fix checkout");
});

test("the repository is named in the spec or read from a workspace URL of the form host/owner/name", () => {
  assert.equal(githubRepository({ repo: "https://github.com/acme/shop.git" }), "acme/shop");
  assert.equal(githubRepository({ repo: "git@github.com:acme/shop.git" }), "acme/shop");
  assert.equal(githubRepository({ repo: "ssh://git@ghe.corp.example/acme/shop" }), "acme/shop");
  assert.equal(githubRepository({ repo: "https://ghe.corp.example/acme/shop/" }), "acme/shop");
  assert.equal(githubRepository({ repo: "file:///srv/git/shop.git" }), null);
  assert.equal(githubRepository({ repo: "/home/me/shop" }), null);
  assert.equal(githubRepository({ repo: "https://gitlab.example/group/sub/shop.git" }), null);
  assert.equal(githubRepository({ repo: "/home/me/shop", pullRequest: { repository: "acme/shop" } }), "acme/shop");
});

test("git gets the token for the GitHub host's web address only", () => {
  assert.equal(webOrigin("https://api.github.com"), "https://github.com");
  assert.equal(webOrigin("https://ghe.corp.example/api/v3"), "https://ghe.corp.example");
  const env = gitAuthEnv("https://api.github.com", "ghp_x");
  assert.deepEqual(env, {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.https://github.com/.extraheader",
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from("x-access-token:ghp_x").toString("base64")}`,
  });
});
