// workspace.repo names a remote (cloned by runners) rather than a local folder: https, ssh, git, file
// URLs (with git+ forms) and scp-like user@host:path. The CLI and the runner must agree on this.
export function isGitUrl(repo: string): boolean {
  return /^(git\+)?(https?|ssh|git|file):\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo);
}
