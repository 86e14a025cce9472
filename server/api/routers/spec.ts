// Checking a goal spec without storing it: the form's and the YAML tab's "Validate".
import { router } from "../trpc";

export const specRouter = router({});
