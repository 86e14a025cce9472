// Checking a goal spec without storing it: the form's and the YAML tab's "Validate".
import { z } from "zod";
import { goalYamlInput, previewYaml } from "../../goals/apply-yaml";
import { previewApply } from "../../goals/preview-apply";
import { previewPrompt } from "../../context/preview-prompt";
import { templateForRepo, templateInput } from "../../templates/template-for-repo";
import { sandboxSupport } from "../../process/sandbox-support";
import { allowed, router } from "../trpc";

export const specRouter = router({
  // A mutation only so the manifest travels in a POST body, not the URL; it writes nothing.
  validate: allowed("read")
    .input(z.object({ manifest: z.unknown() }))
    .mutation(({ ctx, input }) => previewApply(ctx.db, input.manifest)),
  // The prompt iteration 1 would get (project knowledge included), for the form's preview. Like validate, a
  // mutation so the manifest travels in a POST body; it runs nothing and writes nothing. It reads the
  // repository's files, so it asks for the role that may apply the goal.
  previewPrompt: allowed("operate")
    .input(z.object({ manifest: z.unknown() }))
    .mutation(({ input }) => previewPrompt(input.manifest)),
  // A goal template filled in for a repository on the server (the form's "Start from a template"); writes nothing.
  fromTemplate: allowed("operate")
    .input(templateInput)
    .mutation(({ input }) => templateForRepo(input)),
  // Whether sandbox: bwrap works on the server's machine (the form proposes it when it does).
  sandboxSupport: allowed("read").query(() => sandboxSupport()),
  // validate, for goal YAML as text (several documents), parsed on the server.
  validateYaml: allowed("read")
    .input(goalYamlInput)
    .mutation(({ ctx, input }) => previewYaml(ctx.db, input)),
});
