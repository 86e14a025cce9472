// One iteration's details for the iteration page, and the live output of a running one.
import { router } from "../trpc";

export const iterationsRouter = router({});
