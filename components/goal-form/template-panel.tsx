"use client";
// "Start from a template": the catalog's templates (server/templates, as `setpoint new` offers them), filled in
// on the server from what the repository says of itself, then loaded into the form to review and create.
import { useState } from "react";
import { api, errorMessage } from "@/components/trpc-client";
import { TEMPLATE_NAMES, TEMPLATES, type TemplateName } from "@/server/templates/template-catalog";

type Props = { repo: string; onTemplate: (manifest: Record<string, unknown>) => void };

export function TemplatePanel({ repo: formRepo, onTemplate }: Props) {
  const [template, setTemplate] = useState<TemplateName>("fix-tests");
  const [repo, setRepo] = useState("");
  const [coverage, setCoverage] = useState("80");
  const [intent, setIntent] = useState("");
  const [bench, setBench] = useState("");
  const [max, setMax] = useState("");
  const [said, setSaid] = useState<{ notes: string[] } | { error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const folder = repo.trim() || formRepo.trim();

  const fill = async () => {
    setBusy(true);
    try {
      const result = await api.spec.fromTemplate.mutate({
        template,
        repo: folder,
        ...(template === "raise-coverage" && coverage.trim() ? { coverage: Number(coverage) } : {}),
        ...(template === "no-regression" ? { intent, ...(bench.trim() ? { bench } : {}), ...(max.trim() ? { max: Number(max) } : {}) } : {}),
      });
      onTemplate(result.manifest);
      setSaid({ notes: result.notes });
    } catch (error) {
      setSaid({ error: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const input = "input mt-1 font-mono text-[13px]";
  return (
    <div className="panel p-4" data-testid="template-panel">
      <h2 className="text-sm font-semibold">Start from a template</h2>
      <label className="field-label mt-2" htmlFor="template-name">
        Template
      </label>
      <select id="template-name" className="input mt-1" value={template} onChange={(event) => setTemplate(event.target.value as TemplateName)}>
        {TEMPLATE_NAMES.map((name) => (
          <option key={name} value={name}>
            {TEMPLATES[name].title}
          </option>
        ))}
      </select>
      <p className="field-hint">{TEMPLATES[template].summary}</p>
      <label className="field-label mt-2" htmlFor="template-repo">
        Repository folder
      </label>
      <input id="template-repo" className={input} value={repo} placeholder={formRepo || "/path/to/repo"} onChange={(event) => setRepo(event.target.value)} />
      {template === "raise-coverage" && (
        <>
          <label className="field-label mt-2" htmlFor="template-coverage">
            Coverage to reach (%)
          </label>
          <input id="template-coverage" className={input} inputMode="decimal" value={coverage} onChange={(event) => setCoverage(event.target.value)} />
        </>
      )}
      {template === "no-regression" && (
        <>
          <label className="field-label mt-2" htmlFor="template-intent">
            The change to make
          </label>
          <textarea id="template-intent" className="input mt-1" rows={2} value={intent} onChange={(event) => setIntent(event.target.value)} />
          <label className="field-label mt-2" htmlFor="template-bench">
            Benchmark command
          </label>
          <input id="template-bench" className={input} value={bench} placeholder="the bench script" onChange={(event) => setBench(event.target.value)} />
          <label className="field-label mt-2" htmlFor="template-max">
            Its number stays at or under
          </label>
          <input id="template-max" className={input} inputMode="decimal" value={max} onChange={(event) => setMax(event.target.value)} />
        </>
      )}
      <button type="button" data-testid="template-button" className="btn btn-sm mt-3 w-full" disabled={busy || folder === ""} onClick={fill}>
        {busy ? "Reading the repository…" : "Fill the form from the template"}
      </button>
      {said && "error" in said && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {said.error}
        </p>
      )}
      {said && "notes" in said && (
        <ul className="field-hint mt-2 list-disc pl-4">
          {said.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
