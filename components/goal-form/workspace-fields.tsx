"use client";
// Where the agent works: the repository, the ref to start from, a setup command, whether to push, and
// whether a convergence opens a GitHub pull request.
import type { FormValues } from "./form-values";
import { CheckboxField } from "./checkbox-field";
import { TextField } from "./text-field";

type Workspace = FormValues["workspace"];
type PullRequest = Workspace["pullRequest"];

export function WorkspaceFields({ workspace, onChange }: { workspace: Workspace; onChange: (workspace: Workspace) => void }) {
  const set = (change: Partial<Workspace>) => onChange({ ...workspace, ...change });
  return (
    <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem]">
      <TextField
        path="spec.workspace.repo"
        label="Repository"
        value={workspace.repo}
        mono
        placeholder="/path/to/repo or https://github.com/org/repo.git"
        onChange={(repo) => set({ repo })}
        hint="A local git repository (used in place) or a git URL (cloned into the work folder)."
      />
      <TextField
        path="spec.workspace.ref"
        label="Git ref"
        value={workspace.ref}
        mono
        placeholder="HEAD (default)"
        onChange={(ref) => set({ ref })}
        hint="Branch, tag or commit to start from."
      />
      <TextField
        className="sm:col-span-2"
        path="spec.workspace.setup"
        label="Setup command"
        value={workspace.setup}
        mono
        placeholder="npm ci"
        onChange={(setup) => set({ setup })}
        hint="Optional; runs in each new worktree before the agent."
      />
      <CheckboxField
        className="sm:col-span-2"
        path="spec.workspace.push"
        label="Push the goal's branch"
        checked={workspace.push}
        onChange={(push) => set({ push })}
        hint="Pushes setpoint/<name> to the repository's remote as the loop moves it."
      />
      <PullRequestFields pull={workspace.pullRequest} onChange={(pullRequest) => set({ pullRequest })} />
    </div>
  );
}

function PullRequestFields({ pull, onChange }: { pull: PullRequest; onChange: (pull: PullRequest) => void }) {
  const set = (change: Partial<PullRequest>) => onChange({ ...pull, ...change });
  const path = "spec.workspace.pullRequest";
  return (
    <div className="sm:col-span-2">
      <CheckboxField
        path={path}
        label="Open a GitHub pull request when it converges"
        checked={pull.open}
        onChange={(open) => set({ open })}
        hint="Pushes the converged commit to setpoint/<name>, opens (or updates) one pull request reporting the convergence, and sets a commit status."
      />
      {pull.open && (
        <div className="ml-6 mt-3 grid gap-4 sm:grid-cols-2">
          <TextField path={`${path}.base`} label="Base branch" value={pull.base} mono placeholder="main (default)" onChange={(base) => set({ base })} />
          <TextField
            path={`${path}.repository`}
            label="GitHub repository"
            value={pull.repository}
            mono
            placeholder="owner/name (read from the repository URL)"
            onChange={(repository) => set({ repository })}
            hint="Needed when the repository is not a URL of the form host/owner/name."
          />
          <TextField
            path={`${path}.tokenSecret`}
            label="Token secret"
            value={pull.tokenSecret}
            mono
            placeholder="GITHUB_TOKEN (default)"
            onChange={(tokenSecret) => set({ tokenSecret })}
            hint="The goal secret holding a GitHub token; agents never see it."
          />
          <TextField
            path={`${path}.apiUrl`}
            label="GitHub API URL"
            value={pull.apiUrl}
            mono
            placeholder="https://api.github.com (default)"
            onChange={(apiUrl) => set({ apiUrl })}
            hint="GitHub Enterprise Server: https://HOST/api/v3."
          />
          <TextField
            className="sm:col-span-2"
            path={`${path}.title`}
            label="Title"
            value={pull.title}
            placeholder="Setpoint: <name>: <the intent's first line>"
            onChange={(title) => set({ title })}
          />
          <CheckboxField
            className="sm:col-span-2"
            path={`${path}.draft`}
            label="Open it as a draft"
            checked={pull.draft}
            onChange={(draft) => set({ draft })}
          />
        </div>
      )}
    </div>
  );
}
