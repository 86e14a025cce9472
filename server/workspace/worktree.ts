// An iteration's worktree as the runner's git addresses it: the folder, and git's admin folder for it in the
// repository's common dir (its HEAD, index, and the way to the objects and the repository's config). Both
// come from the runner's own records (server/workspace/create-worktree.ts writes the admin folder), never from
// the worktree's .git, which an agent can replace.
export type Worktree = { dir: string; gitDir: string };
