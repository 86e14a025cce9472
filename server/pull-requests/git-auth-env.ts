// The pull request's token also lets git push the goal's branch over HTTPS, the way actions/checkout
// does: an Authorization header scoped to the GitHub host's web address only (so a remote elsewhere
// never sees it), passed through git's environment for this one push, never its config files.
export function gitAuthEnv(apiUrl: string, token: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `http.${webOrigin(apiUrl)}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`,
  };
}

// api.github.com serves github.com; GitHub Enterprise Server's API lives under its own host (/api/v3).
export function webOrigin(apiUrl: string): string {
  const url = new URL(apiUrl);
  return url.hostname === "api.github.com" ? "https://github.com" : url.origin;
}
