// GitHub's REST API through Octokit, over outboundFetch: the API URL (github.com's or a GitHub
// Enterprise Server's) is held to the same address rules as every call Setpoint makes for a goal.
// Octokit is loaded on first use, so runners whose goals open no pull requests never load it.
import type { Octokit } from "@octokit/rest";
import { outboundFetch, type OutboundInit } from "../outbound/outbound-fetch";

export type GitHubApi = Octokit;

export const GITHUB_TIMEOUT_MS = 15_000;

export async function gitHubApi(apiUrl: string, token: string): Promise<GitHubApi> {
  const { Octokit } = await import("@octokit/rest");
  return new Octokit({
    auth: token,
    baseUrl: apiUrl.replace(/\/+$/, ""),
    userAgent: "Setpoint",
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { fetch: gitHubFetch },
  });
}

// A redirect is never followed: Octokit would take a 3xx for an answer, so it is said to be none.
async function gitHubFetch(url: string, init: RequestInit): Promise<Response> {
  const response = await outboundFetch(url, {
    method: init.method,
    headers: init.headers as OutboundInit["headers"],
    body: init.body as OutboundInit["body"],
    signal: init.signal,
    timeoutMs: GITHUB_TIMEOUT_MS,
  });
  if (response.status >= 300 && response.status < 400 && response.status !== 304) {
    await response.body?.cancel().catch(() => {});
    throw new Error(
      `GitHub's API answered ${init.method ?? "GET"} ${new URL(url).pathname} with a redirect (HTTP ${response.status}${response.headers.get("location") ? ` to ${new URL(response.headers.get("location")!, url).origin}` : ""}); redirects are not followed: is pullRequest.apiUrl right?`,
    );
  }
  return response;
}
