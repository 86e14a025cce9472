// Thin procedures over the goal domain: parse input, call the domain, return its answer.
import { z } from "zod";
import { decideApproval } from "../../approvals/decide-approval";
import { readCertificates } from "../../certificates/read-certificates";
import { applyGoals, validateManifest } from "../../goals/apply-goal";
import { applyYaml, goalYamlInput } from "../../goals/apply-yaml";
import { controlGoal, deleteGoal } from "../../goals/control-goal";
import { getGoal, getLogs, listEvents, listGoals, listIterations, listNotifications } from "../../goals/read-goals";
import { listGoalNames } from "../../goals/list-goal-names";
import { readGoalBudgets } from "../../goals/read-goal-status";
import { dnsLabel } from "../../spec/goal-spec";
import { candidateNumber, goalName as name, iterationNumber } from "../inputs";
import { GOALS_PAGE } from "../request-limits";
import { allowed, router } from "../trpc";

export const goalsRouter = router({
  // `apply` is a reserved word in tRPC routers.
  applyManifests: allowed("operate")
    .input(z.object({ manifests: z.array(z.unknown()).min(1).max(500), paused: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      // Validate every manifest before writing any: a bad document in a batch changes nothing.
      const manifests = input.manifests.map((manifest, index) => validateManifest(manifest, index));
      return { results: await applyGoals(ctx.db, manifests, ctx.caller.name, { paused: input.paused }) };
    }),
  // Goal YAML as text, parsed on the server (the MCP tools and the GitHub Action send it so).
  applyYaml: allowed("operate")
    .input(goalYamlInput.extend({ paused: z.boolean().optional() }))
    .mutation(({ ctx, input }) => applyYaml(ctx.db, input, ctx.caller.name)),
  // A page at a time: pass the answer's nextCursor as `cursor` for the next one.
  list: allowed("read")
    .input(
      z
        .object({
          label: z.string().max(200).optional(),
          phase: z.string().max(40).optional(),
          limit: z.number().int().positive().max(GOALS_PAGE.max, `must be at most ${GOALS_PAGE.max}`).default(GOALS_PAGE.default),
          cursor: dnsLabel.optional(),
        })
        .default({ limit: GOALS_PAGE.default }),
    )
    .query(({ ctx, input }) => listGoals(ctx.db, { label: input.label, phase: input.phase }, input)),
  // Names only, for pickers: what was typed as a prefix, a page at a time.
  names: allowed("read")
    .input(z.object({ prefix: z.string().max(63).optional(), limit: z.number().int().positive().max(200).optional() }).default({}))
    .query(({ ctx, input }) => listGoalNames(ctx.db, input)),
  get: allowed("read")
    .input(name)
    .query(({ ctx, input }) => getGoal(ctx.db, input.name)),
  iterations: allowed("read")
    .input(name)
    .query(({ ctx, input }) => listIterations(ctx.db, input.name)),
  budgets: allowed("read")
    .input(name)
    .query(({ ctx, input }) => readGoalBudgets(ctx.db, input.name)),
  events: allowed("read")
    .input(name.extend({ limit: z.number().int().positive().max(1000).optional() }))
    .query(({ ctx, input }) => listEvents(ctx.db, input.name, input.limit)),
  notifications: allowed("read")
    .input(name.extend({ limit: z.number().int().positive().max(200).optional() }))
    .query(({ ctx, input }) => listNotifications(ctx.db, input.name, input.limit)),
  // Newest first; the current one (if any) is the first, and the only one not superseded.
  certificates: allowed("read")
    .input(name)
    .query(({ ctx, input }) => readCertificates(ctx.db, input.name)),
  logs: allowed("read")
    .input(name.extend({ iteration: iterationNumber.optional() }))
    .query(({ ctx, input }) => getLogs(ctx.db, input.name, input.iteration)),
  // Without an iteration, the goal's only waiting gate; with a candidate, that one is kept (best of N).
  approve: allowed("approve")
    .input(name.extend({ iteration: iterationNumber.optional(), comment: z.string().max(10_000).optional(), candidate: candidateNumber.optional() }))
    .mutation(({ ctx, input }) => decideApproval(ctx.db, { ...input, approve: true, actor: ctx.caller.name })),
  reject: allowed("approve")
    .input(name.extend({ iteration: iterationNumber.optional(), comment: z.string().max(10_000) }))
    .mutation(({ ctx, input }) => decideApproval(ctx.db, { ...input, approve: false, actor: ctx.caller.name })),
  pause: allowed("operate")
    .input(name)
    .mutation(({ ctx, input }) => controlGoal(ctx.db, input.name, "pause", ctx.caller.name)),
  resume: allowed("operate")
    .input(name)
    .mutation(({ ctx, input }) => controlGoal(ctx.db, input.name, "resume", ctx.caller.name)),
  rerun: allowed("operate")
    .input(name)
    .mutation(({ ctx, input }) => controlGoal(ctx.db, input.name, "rerun", ctx.caller.name)),
  cancel: allowed("operate")
    .input(name)
    .mutation(({ ctx, input }) => controlGoal(ctx.db, input.name, "cancel", ctx.caller.name)),
  delete: allowed("operate")
    .input(name)
    .mutation(({ ctx, input }) => deleteGoal(ctx.db, input.name, ctx.caller.name)),
});
