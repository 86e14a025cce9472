// The one schema for a Goal. The YAML parser, the tRPC input, the web form, the CLI and the
// runner all validate with it; every TypeScript type of a goal is inferred from it.
import { z } from "zod";
import { parseTarget } from "./metric-target";
import { scheduleProblem } from "../resync/resync-schedule";

export const API_VERSION = "setpoint.dev/v1";
export const EXECUTORS = ["demo", "command", "claude-code", "codex", "aider"] as const;
export const PARSERS = ["exit-code", "tap", "junit", "regex", "json"] as const;
export const APPROVAL_POLICIES = ["never", "on-converge", "every-iteration"] as const;
export const APPROVAL_TIMEOUT_ACTIONS = ["reject", "fail"] as const;
export const NOTIFY_EVENTS = ["AwaitingApproval", "Converged", "Stalled", "Exhausted", "Failed", "Drifted"] as const;
export const SANDBOXES = ["none", "bwrap"] as const;

export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

// The runner's own credentials: no goal's commands see them, whatever env.pass says.
export const RUNNER_CREDENTIALS = ["DATABASE_URL", "SETPOINT_TOKEN", "SETPOINT_SECRET_KEY", "SETPOINT_TEST_PG_URL"];
const passableName = envName.refine((name) => !RUNNER_CREDENTIALS.includes(name), "is one of Setpoint's own credentials, which a goal's commands never see");

// A goal's name, also what the API and the pages accept as one.
export const dnsLabel = z
  .string()
  .min(1, "must not be empty")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase DNS label: a-z, 0-9 and '-', starting and ending with a letter or digit");

const layerName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, "must start with a lowercase letter and hold only a-z, 0-9, '_' and '-'");

const metricName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_.]*$/, "must be '<layer>.<metric>', e.g. 'tests.pass_ratio'");

const seconds = (fallback: number) => z.number().int().positive().max(86_400).default(fallback);

export const agentSchema = z
  .strictObject({
    executor: z.enum(EXECUTORS, { error: `must be one of: ${EXECUTORS.join(", ")}` }),
    command: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    args: z.array(z.string()).default([]),
    timeoutSeconds: seconds(600),
    env: z.record(envName, z.string()).default({}),
  })
  .superRefine((agent, ctx) => {
    if (agent.executor === "command" && !agent.command) {
      ctx.addIssue({ code: "custom", path: ["command"], message: "is required when executor is 'command'" });
    }
  });

const runLayer = z.strictObject({
  name: layerName,
  run: z.string().min(1, "must be a shell command"),
  parse: z.enum(PARSERS, { error: `must be one of: ${PARSERS.join(", ")}` }).default("exit-code"),
  // regex: named groups become metrics; json: metric name -> dotted field path in the output.
  pattern: z.string().optional(),
  fields: z.record(z.string(), z.string()).optional(),
  timeoutSeconds: seconds(300),
});

const policyLayer = z.strictObject({
  name: layerName,
  policy: z.strictObject({
    forbidPaths: z.array(z.string().min(1)).default([]),
    allowPaths: z.array(z.string().min(1)).optional(),
    maxChangedLines: z.number().int().nonnegative().optional(),
  }),
});

const agentLayer = z.strictObject({
  name: layerName,
  agent: agentSchema,
});

export type RunLayer = z.infer<typeof runLayer>;
export type PolicyLayer = z.infer<typeof policyLayer>;
export type AgentLayer = z.infer<typeof agentLayer>;
export type Layer = RunLayer | PolicyLayer | AgentLayer;

// A layer is one of three kinds, told apart by its key; a union's error would list all three,
// so pick the kind first and report that kind's errors only.
const layerSchema = z.unknown().transform((value, ctx): Layer => {
  const record = (value ?? {}) as Record<string, unknown>;
  const kinds = (["run", "policy", "agent"] as const).filter((key) => typeof record === "object" && key in record);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: "custom",
      message: kinds.length === 0
        ? "a layer needs one of 'run' (a command), 'policy' (checks on the diff) or 'agent' (a reviewer)"
        : `a layer has exactly one of 'run', 'policy' or 'agent', found ${kinds.join(" and ")}`,
    });
    return z.NEVER;
  }
  const schema = kinds[0] === "run" ? runLayer : kinds[0] === "policy" ? policyLayer : agentLayer;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom", path: issue.path, message: issue.message } as never);
    return z.NEVER;
  }
  return parsed.data;
});

const metricTargetSchema = z.strictObject({
  metric: metricName,
  target: z.string().refine((text) => parseTarget(text) !== null, "must be '<op> <number>' with op one of >= > <= < == !=, e.g. '>= 1'"),
});

export const goalSpecSchema = z
  .strictObject({
    intent: z.string().trim().min(1, "must say what the agent should achieve"),
    workspace: z.strictObject({
      repo: z.string().min(1, "must be a local path or a git URL"),
      ref: z.string().min(1).default("HEAD"),
      setup: z.string().min(1).optional(),
      push: z.boolean().default(false),
    }),
    agent: agentSchema,
    metrics: z.array(metricTargetSchema).min(1, "must name at least one target metric"),
    evaluation: z.strictObject({ layers: z.array(layerSchema).min(1, "must hold at least one layer") }),
    stop: z
      .strictObject({
        maxIterations: z.number().int().positive().max(10_000).default(10),
        maxDurationMinutes: z.number().positive().max(525_600).default(120),
        maxCostUsd: z.number().nonnegative().optional(),
        stallIterations: z.number().int().positive().default(3),
        onRegression: z.enum(["revert", "keep"]).default("revert"),
      })
      .default({ maxIterations: 10, maxDurationMinutes: 120, stallIterations: 3, onRegression: "revert" }),
    retry: z
      .strictObject({
        maxAgentFailures: z.number().int().nonnegative().max(100).default(3),
        backoffSeconds: z.number().nonnegative().max(3600).default(5),
      })
      .default({ maxAgentFailures: 3, backoffSeconds: 5 }),
    approval: z
      .strictObject({
        policy: z.enum(APPROVAL_POLICIES, { error: `must be one of: ${APPROVAL_POLICIES.join(", ")}` }).default("never"),
        // Four eyes: whoever created or last edited the goal may not decide its gates.
        fourEyes: z.boolean().default(true),
        // Names of users or tokens who may decide; empty means anyone with the approver role.
        approvers: z.array(z.string().min(1).max(100)).max(100).default([]),
        timeoutMinutes: z.number().positive().max(525_600).optional(),
        onTimeout: z.enum(APPROVAL_TIMEOUT_ACTIONS, { error: `must be one of: ${APPROVAL_TIMEOUT_ACTIONS.join(", ")}` }).default("reject"),
      })
      .default({ policy: "never", fourEyes: true, approvers: [], onTimeout: "reject" }),
    triggers: z
      .strictObject({
        // Re-run the layers on this cron schedule once the goal has converged; a broken target is drift.
        schedule: z.string().min(1).max(200).optional().superRefine((text, ctx) => {
          const problem = text === undefined ? null : scheduleProblem(text);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
        // A signed POST to /api/hooks/goals/<name> starts a new run.
        webhook: z.boolean().default(false),
      })
      .default({ webhook: false }),
    dependsOn: z.array(dnsLabel).max(100).default([]),
    notify: z
      .array(z.strictObject({
        url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
        events: z.array(z.enum(NOTIFY_EVENTS, { error: `must be one of: ${NOTIFY_EVENTS.join(", ")}` })).min(1).default([...NOTIFY_EVENTS]),
      }))
      .max(20)
      .default([]),
    // Variables of the runner's environment that agent and layer commands may see (besides a small base set).
    env: z.strictObject({ pass: z.array(passableName).max(200).default([]) }).default({ pass: [] }),
    sandbox: z.enum(SANDBOXES, { error: `must be one of: ${SANDBOXES.join(", ")}` }).default("none"),
    network: z.boolean().default(true),
  })
  .superRefine((spec, ctx) => {
    if (!spec.network && spec.sandbox !== "bwrap") {
      ctx.addIssue({ code: "custom", path: ["network"], message: "false needs sandbox: bwrap; without a sandbox, commands have the runner's network" });
    }
    const names = new Map<string, Layer>();
    spec.evaluation.layers.forEach((layer, index) => {
      if (names.has(layer.name)) {
        ctx.addIssue({ code: "custom", path: ["evaluation", "layers", index, "name"], message: `'${layer.name}' is used by another layer; layer names must be unique` });
      }
      names.set(layer.name, layer);
      if ("agent" in layer && gradesItself(spec.agent, layer.agent)) {
        ctx.addIssue({ code: "custom", path: ["evaluation", "layers", index, "agent", "executor"], message: "the reviewer must be a different executor than the maker: the maker never grades itself" });
      }
    });
    spec.metrics.forEach((target, index) => {
      const layer = target.metric.split(".")[0];
      if (!names.has(layer)) {
        ctx.addIssue({ code: "custom", path: ["metrics", index, "metric"], message: `refers to layer '${layer}', which is not in evaluation.layers (${[...names.keys()].join(", ") || "none"})` });
      }
    });
  });

function gradesItself(maker: z.infer<typeof agentSchema>, checker: z.infer<typeof agentSchema>): boolean {
  if (maker.executor !== checker.executor) return false;
  return maker.executor !== "command" || maker.command === checker.command;
}

export const goalMetadataSchema = z.strictObject({
  name: dnsLabel,
  labels: z.record(z.string().regex(/^[a-zA-Z0-9][-a-zA-Z0-9_./]{0,62}$/, "label keys are up to 63 letters, digits, '-', '_', '.', '/'"), z.string().max(63)).default({}),
});

export const goalManifestSchema = z.strictObject({
  apiVersion: z.literal(API_VERSION, { error: `must be '${API_VERSION}'` }),
  kind: z.literal("Goal", { error: "must be 'Goal'" }),
  metadata: goalMetadataSchema,
  spec: goalSpecSchema,
});

export type AgentSpec = z.infer<typeof agentSchema>;
export type GoalSpec = z.infer<typeof goalSpecSchema>;
export type GoalSpecInput = z.input<typeof goalSpecSchema>;
export type GoalManifest = z.infer<typeof goalManifestSchema>;
export type GoalManifestInput = z.input<typeof goalManifestSchema>;
