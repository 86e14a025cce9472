"use client";
// Where the agent works: the repository, the ref to start from, a setup command, whether to push.
import type { FormValues } from "./form-values";
import { FieldErrors, useFieldProps } from "./form-errors";
import { TextField } from "./text-field";

type Workspace = FormValues["workspace"];

export function WorkspaceFields({ workspace, onChange }: { workspace: Workspace; onChange: (workspace: Workspace) => void }) {
  const set = (change: Partial<Workspace>) => onChange({ ...workspace, ...change });
  const push = useFieldProps("spec.workspace.push", "field-spec-workspace-push-hint");
  return (
    <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_12rem]">
      <TextField path="spec.workspace.repo" label="Repository" value={workspace.repo} mono placeholder="/path/to/repo or https://github.com/org/repo.git"
        onChange={(repo) => set({ repo })} hint="A local git repository (used in place) or a git URL (cloned into the work folder)." />
      <TextField path="spec.workspace.ref" label="Git ref" value={workspace.ref} mono placeholder="HEAD (default)" onChange={(ref) => set({ ref })}
        hint="Branch, tag or commit to start from." />
      <TextField className="sm:col-span-2" path="spec.workspace.setup" label="Setup command" value={workspace.setup} mono placeholder="npm ci"
        onChange={(setup) => set({ setup })} hint="Optional; runs in each new worktree before the agent." />
      <div className="sm:col-span-2">
        <div className="flex items-start gap-2">
          <input {...push} type="checkbox" className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-700"
            checked={workspace.push} onChange={(event) => set({ push: event.target.checked })} />
          <label htmlFor={push.id} className="text-sm font-medium text-slate-700 dark:text-slate-300">Push the goal&apos;s branch</label>
        </div>
        <p id="field-spec-workspace-push-hint" className="field-hint ml-6">Pushes setpoint/&lt;name&gt; to the repository&apos;s remote as the loop moves it.</p>
        <FieldErrors path="spec.workspace.push" />
      </div>
    </div>
  );
}
