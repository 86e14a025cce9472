"use client";
// The fleet view's own filters, inside the shared filter form: a repository (typed, with the goals'
// repositories offered) and an executor (picked, applied at once).
import type { FleetChoices } from "@/server/fleet/read-fleet-choices";

export function FleetExtraFilters({ input, choices }: { input: { repo: string; executor: string }; choices: FleetChoices }) {
  return (
    <>
      <div className="w-64">
        <label htmlFor="fleet-filter-repo" className="field-label">
          Repository
        </label>
        <input
          id="fleet-filter-repo"
          data-testid="fleet-filter-repo"
          name="repo"
          type="text"
          list="fleet-repos"
          defaultValue={input.repo}
          placeholder="any repository"
          autoComplete="off"
          spellCheck={false}
          className="input"
        />
        <datalist id="fleet-repos">
          {choices.repos.map((repo) => (
            <option key={repo} value={repo} />
          ))}
        </datalist>
      </div>
      <div className="w-40">
        <label htmlFor="fleet-filter-executor" className="field-label">
          Executor
        </label>
        <select
          id="fleet-filter-executor"
          data-testid="fleet-filter-executor"
          name="executor"
          defaultValue={input.executor}
          className="input"
          onChange={(event) => event.currentTarget.form?.requestSubmit()}
        >
          <option value="">Any executor</option>
          {choices.executors.map((executor) => (
            <option key={executor} value={executor}>
              {executor}
            </option>
          ))}
          {input.executor && !choices.executors.includes(input.executor) && <option value={input.executor}>{input.executor}</option>}
        </select>
      </div>
    </>
  );
}
