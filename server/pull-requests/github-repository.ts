// The GitHub repository (owner/name) a pull request goes to: spec.workspace.pullRequest.repository,
// else read from workspace.repo when that is a URL of the form host/owner/name (github.com or a GitHub
// Enterprise host). Pure: the form checks it in the browser too.
export const REPOSITORY_FORMAT = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function githubRepository(workspace: { repo: string; pullRequest?: { repository?: string } }): string | null {
  return workspace.pullRequest?.repository ?? repositoryFromUrl(workspace.repo);
}

function repositoryFromUrl(repo: string): string | null {
  const match = /^(?:(?:git\+)?(?:https?|ssh|git):\/\/[^/]+|[\w.-]+@[\w.-]+:)\/?([^/]+\/[^/]+?)(?:\.git)?\/?$/i.exec(repo.trim());
  return match && REPOSITORY_FORMAT.test(match[1]) ? match[1] : null;
}
