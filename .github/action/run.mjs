#!/usr/bin/env node
// The Setpoint GitHub Action (action.yml): apply a goal manifest from the caller's repository, follow
// the goal in the job log until it ends, fail the job unless it converged, and set the outputs phase,
// metrics, pull-request-url, goal and iteration. Plain Node 20, no dependencies, so it runs in any
// workflow; it speaks to Setpoint's HTTP API (tRPC over plain JSON) with an API token.
import { appendFileSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const MAX_MANIFEST_BYTES = 1024 * 1024;
// A convergence's pull request is opened by a runner shortly after; it is waited for this long at most.
const PULL_REQUEST_GRACE_MS = 90_000;
// Setpoint unreachable for this many polls in a row ends the job.
const MAX_FAILED_POLLS = 5;

class ActionError extends Error {}

export async function run(env = process.env) {
  const inputs = readInputs(env);
  console.log(`::add-mask::${inputs.token}`);
  const api = apiClient(inputs.url, inputs.token);
  const manifest = readManifest(inputs.manifest, env.GITHUB_WORKSPACE);
  const results = await applyManifest(api, manifest);
  if (results.length !== 1) {
    throw new ActionError(
      `${inputs.manifest} holds ${results.length} goals (${results.map((result) => result.name).join(", ")}); this action follows one: give each goal a step of its own`,
    );
  }
  const [{ name, action, generation }] = results;
  console.log(`goal ${name} ${action} (generation ${generation}) on ${inputs.url}`);
  let goal = await api.query("goals.get", { name });
  // A nightly run of an unchanged goal measures it again: the spec alone would not start a run.
  if (action === "unchanged" && ENDED.includes(goal.status.phase) && goal.status.phase !== "Cancelled" && inputs.rerun) {
    console.log(`goal ${name} had ended ${goal.status.phase} and its spec is unchanged: re-running it (rerun: false only reports it)`);
    goal = await api.mutation("goals.rerun", { name });
  }
  goal = await follow(api, name, inputs, goal);
  const outputs = {
    goal: name,
    phase: goal.status.phase,
    iteration: goal.status.bestIteration ?? goal.status.iteration ?? "",
    metrics: JSON.stringify(goal.status.metrics ?? {}),
    "pull-request-url": goal.status.pullRequest?.url ?? "",
  };
  writeOutputs(env.GITHUB_OUTPUT, outputs);
  writeSummary(env.GITHUB_STEP_SUMMARY, goal, inputs.url);
  const { phase, reason, message } = goal.status;
  if (phase !== "Converged") {
    const what = ENDED.includes(phase) ? `goal ${name} ended ${phase}` : `goal ${name} did not converge within ${inputs.waitMinutes} minutes: it is ${phase}`;
    throw new ActionError(`${what}${reason ? ` (${reason})` : ""}${message ? `: ${message}` : ""}`);
  }
  console.log(`goal ${name} converged at iteration ${outputs.iteration}${outputs["pull-request-url"] ? `; pull request ${outputs["pull-request-url"]}` : ""}`);
  return outputs;
}

function readInputs(env) {
  const input = (name) => (env[`INPUT_${name.toUpperCase()}`] ?? "").trim();
  const url = input("url").replace(/\/+$/, "");
  const token = input("token");
  const manifest = input("manifest");
  const missing = [
    ["url", url],
    ["token", token],
    ["manifest", manifest],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) throw new ActionError(`missing input${missing.length > 1 ? "s" : ""}: ${missing.join(", ")} (see action.yml)`);
  if (!/^https?:\/\//.test(url)) throw new ActionError(`input url must be Setpoint's http(s) address, found '${url}'`);
  const waitMinutes = number(input("wait") || "60", "wait", 0.01, 24 * 60);
  const pollSeconds = number(input("poll-seconds") || "10", "poll-seconds", 0.1, 600);
  const rerun = (input("rerun") || "true").toLowerCase() !== "false";
  return { url, token, manifest, waitMinutes, pollSeconds, rerun };
}

function number(text, name, min, max) {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new ActionError(`input ${name} must be a number from ${min} to ${max}, found '${text}'`);
  return value;
}

function readManifest(file, workspace) {
  const full = path.resolve(workspace || process.cwd(), file);
  let size;
  try {
    size = statSync(full).size;
  } catch {
    throw new ActionError(
      `input manifest: ${file} does not exist in the repository (looked at ${full}; check out the repository first, with actions/checkout)`,
    );
  }
  if (size > MAX_MANIFEST_BYTES) throw new ActionError(`input manifest: ${file} is larger than 1 MiB`);
  return { source: file, yaml: readFileSync(full, "utf8") };
}

async function applyManifest(api, manifest) {
  try {
    return (await api.mutation("goals.applyYaml", { yaml: manifest.yaml, source: manifest.source })).results;
  } catch (error) {
    // Each YAML problem as an annotation on its line of the manifest.
    for (const issue of error.issues ?? []) {
      const at = /^(.*?):(\d+)(?::(\d+))?: (.*)$/.exec(issue.message);
      if (at) console.log(`::error file=${at[1]},line=${at[2]}${at[3] ? `,col=${at[3]}` : ""}::${escapeAnnotation(at[4])}`);
    }
    throw error;
  }
}

// Polls until the goal ends or the wait is over, printing a line whenever where it stands changes.
async function follow(api, name, inputs, first) {
  const deadline = Date.now() + inputs.waitMinutes * 60_000;
  let goal = first;
  let shown = "";
  let failures = 0;
  let convergedAt = null;
  for (;;) {
    const line = progressLine(goal);
    if (line !== shown) console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
    shown = line;
    if (goal.status.phase === "Converged" && awaitsPullRequest(goal)) {
      convergedAt ??= Date.now();
      if (Date.now() - convergedAt > PULL_REQUEST_GRACE_MS || Date.now() >= deadline) {
        console.log(`::warning::goal ${name} converged, but its pull request was not updated within ${PULL_REQUEST_GRACE_MS / 1000}s; see the goal's events`);
        return goal;
      }
    } else if (ENDED.includes(goal.status.phase) || Date.now() >= deadline) {
      return goal;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(inputs.pollSeconds * 1000, deadline - Date.now()))));
    try {
      goal = await api.query("goals.get", { name });
      failures = 0;
    } catch (error) {
      if (error instanceof ActionError && error.status) throw error; // Setpoint answered: no use asking again
      if (++failures >= MAX_FAILED_POLLS) throw error;
      console.log(`::warning::${error.message}; trying again`);
    }
  }
}

// With workspace.pullRequest, the pull request for this convergence is the one showing its commit.
function awaitsPullRequest(goal) {
  return Boolean(goal.spec.workspace?.pullRequest) && goal.status.pullRequest?.commit !== goal.status.acceptedCommit;
}

function progressLine({ metadata, spec, status }) {
  const metrics = Object.entries(status.metrics ?? {})
    .filter(([metric]) => spec.metrics.some((target) => target.metric === metric))
    .map(([metric, value]) => `${metric}=${value}`)
    .join(" ");
  const iteration = status.runIteration === null || status.runIteration === undefined ? "" : ` iteration ${status.runIteration}/${spec.stop.maxIterations}`;
  const waiting =
    status.phase === "AwaitingApproval"
      ? " (a person decides: npx setpoint approve|reject, or the dashboard)"
      : status.phase === "Paused"
        ? " (until someone resumes it)"
        : "";
  return `${metadata.name} ${status.phase}${iteration}${metrics ? ` ${metrics}` : ""}${status.reason ? ` ${status.reason}` : ""}${status.message ? `: ${status.message}` : ""}${waiting}`;
}

// tRPC over plain JSON: queries are GETs with ?input=, mutations POSTs; errors carry code and issues.
function apiClient(url, token) {
  async function call(procedure, input, method) {
    const address = `${url}/api/trpc/${procedure}${method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ""}`;
    let response;
    try {
      response = await fetch(address, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(method === "POST" ? { "content-type": "application/json" } : {}) },
        body: method === "POST" ? JSON.stringify(input) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new Error(`cannot reach Setpoint at ${url}: ${error.cause?.code ?? error.cause?.message ?? error.message}`);
    }
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ActionError(
        `Setpoint at ${url} answered HTTP ${response.status} with something that is not its API (is input url right?): ${text.slice(0, 200)}`,
      );
    }
    if (body.error) {
      const data = body.error.data ?? {};
      const why =
        data.code === "UNAUTHORIZED"
          ? `Setpoint refused the token: ${body.error.message}`
          : data.code === "FORBIDDEN"
            ? `not allowed: ${body.error.message}`
            : body.error.message;
      throw Object.assign(new ActionError(why), { status: data.httpStatus ?? response.status, issues: data.issues });
    }
    return body.result.data;
  }
  return { query: (procedure, input) => call(procedure, input, "GET"), mutation: (procedure, input) => call(procedure, input, "POST") };
}

// name<<DELIMITER form: safe whatever a value holds.
function writeOutputs(file, outputs) {
  const lines = Object.entries(outputs)
    .map(([key, value]) => `${key}<<SETPOINT_OUTPUT_END\n${value}\nSETPOINT_OUTPUT_END\n`)
    .join("");
  if (file) appendFileSync(file, lines);
  else
    console.log(
      Object.entries(outputs)
        .map(([key, value]) => `${key}: ${value}`)
        .join("\n"),
    );
}

function writeSummary(file, { metadata, spec, status }, url) {
  if (!file) return;
  const rows = spec.metrics.map(({ metric, target }) => `| \`${metric}\` | \`${target}\` | ${status.metrics?.[metric] ?? "not measured"} |`);
  const pullRequest = status.pullRequest?.url ? `\n\nPull request: ${status.pullRequest.url}` : "";
  appendFileSync(
    file,
    `### Setpoint goal [${metadata.name}](${url}/goals/${metadata.name}): ${status.phase}\n\n${status.message}\n\n| metric | target | final |\n| --- | --- | --- |\n${rows.join("\n")}${pullRequest}\n`,
  );
}

function escapeAnnotation(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    () => {
      process.exitCode = 0;
    },
    (error) => {
      console.log(`::error::${escapeAnnotation(error instanceof ActionError ? error.message : `${error.message}`)}`);
      process.exitCode = 1;
    },
  );
}
