// Checking a goal spec without storing it: the form's and the YAML tab's "Validate".
import { z } from "zod";
import { previewApply } from "../../goals/preview-apply";
import { allowed, router } from "../trpc";

export const specRouter = router({
  // A mutation only so the manifest travels in a POST body, not the URL; it writes nothing.
  validate: allowed("read")
    .input(z.object({ manifest: z.unknown() }))
    .mutation(({ ctx, input }) => previewApply(ctx.db, input.manifest)),
});
