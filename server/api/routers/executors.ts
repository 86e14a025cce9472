// Per maker (executor and model): how often it was caught gaming the measurement.
import { countGaming } from "../../insights/count-gaming";
import { allowed, router } from "../trpc";

export const executorsRouter = router({
  list: allowed("read").query(({ ctx }) => countGaming(ctx.db)),
});
