// A folder of the agent's state inside the goal's home (CODEX_HOME, $HOME/.gemini), made by the runner (root,
// for a root runner) and handed to the agent user. Only a folder just made is handed over: whatever is there
// already is the agent's, and may be a link it planted to have root hand it something else.
import { lchown, mkdir } from "node:fs/promises";
import type { AgentRequest } from "./types";

export async function ensureAgentFolder(folder: string, request: Pick<AgentRequest, "user">): Promise<void> {
  const made = await mkdir(folder, { mode: 0o700 }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") return false;
      throw error;
    },
  );
  if (made && request.user) await lchown(folder, request.user.uid, request.user.gid);
}
