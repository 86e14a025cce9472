"use client";
// The goal form: every field of the spec, a YAML tab that round-trips with it, checks in the browser
// with the one schema, "Validate" against the server, and create or save through goals.applyManifests.
// Whatever goes wrong, the values typed stay where they are.
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { api, errorMessage, fieldIssues } from "@/components/trpc-client";
import { manifestToYaml } from "@/server/spec/manifest-to-yaml";
import { AgentFields } from "./agent-fields";
import { BasicsFields } from "./basics-fields";
import { checkManifest } from "./check-manifest";
import { ErrorSummary, type SummaryItem } from "./error-summary";
import { FormErrorsContext, type PlacedError } from "./form-errors";
import { FormSection } from "./form-section";
import { formToManifest } from "./form-to-manifest";
import { emptyFormValues, type FormValues } from "./form-values";
import { fieldId, fieldName, messageAtField, normalizeIssuePath, placeIssue, type FormIssue } from "./issue-paths";
import { LayersSection } from "./layers-section";
import { LimitsFields } from "./limits-fields";
import { manifestToForm } from "./manifest-to-form";
import { suggestMetrics } from "./metric-suggestions";
import { MetricsSection } from "./metrics-section";
import type { ApplyPreview } from "@/server/goals/preview-apply";
import { ValidationResult, type Outcome } from "./validation-result";
import { WorkspaceFields } from "./workspace-fields";
import { readYamlManifest, yamlErrorsFor, type YamlError } from "./yaml-manifest";
import { YamlTab } from "./yaml-tab";

export type DemoStart = { manifest: Record<string, unknown>; seededRepo: string | null };

type Props = {
  mode: "create" | "edit";
  initialManifest: Record<string, unknown> | null;
  generation?: number;
  demo?: DemoStart | null;
};

type Tab = "form" | "yaml";

const SECTIONS = [
  { id: "section-goal", title: "Goal", owns: (path: string) => path.startsWith("metadata") || path === "spec.intent" },
  { id: "section-workspace", title: "Workspace", owns: (path: string) => path.startsWith("spec.workspace") },
  { id: "section-agent", title: "Agent", owns: (path: string) => path.startsWith("spec.agent") },
  { id: "section-metrics", title: "Target metrics", owns: (path: string) => path.startsWith("spec.metrics") },
  { id: "section-layers", title: "Evaluation layers", owns: (path: string) => path.startsWith("spec.evaluation") },
  { id: "section-limits", title: "Limits and approval", owns: (path: string) => /^spec\.(stop|retry|approval)/.test(path) },
];

export function GoalForm({ mode, initialManifest, generation, demo }: Props) {
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(() => (initialManifest ? manifestToForm(initialManifest) : emptyFormValues()));
  const [tab, setTab] = useState<Tab>("form");
  const [yamlText, setYamlText] = useState("");
  const [yamlBaseline, setYamlBaseline] = useState("");
  const [yamlErrors, setYamlErrors] = useState<YamlError[]>([]);
  const [attempted, setAttempted] = useState(false);
  const [serverIssues, setServerIssues] = useState<FormIssue[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<"validate" | "submit" | null>(null);
  const [saved, setSaved] = useState(false);
  // Set once hydrated, so a test (or a script) knows the fields respond to typing.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const summary = useRef<HTMLDivElement>(null);
  const focusSummary = useRef(false);
  const lockedName = mode === "edit" ? values.name : null;

  const manifest = useMemo(() => formToManifest(values), [values]);
  const [baseline, setBaseline] = useState(() => JSON.stringify(manifest));
  const dirty = JSON.stringify(manifest) !== baseline || (tab === "yaml" && yamlText !== yamlBaseline);

  // Checked live once a person has asked for a check, so errors go away as they are fixed.
  const issues = useMemo(() => [...(attempted ? checkManifest(manifest) : []), ...serverIssues], [attempted, manifest, serverIssues]);
  const placed = useMemo(() => placeIssues(issues), [issues]);

  useEffect(() => {
    if (focusSummary.current && summary.current) summary.current.focus();
    focusSummary.current = false;
  });

  // Leaving with unsaved edits asks first; a saved goal navigates away freely.
  useEffect(() => {
    if (!dirty || saved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    // In-app links navigate without unloading the page: ask before the router sees the click.
    const ask = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      if (window.confirm("Leave this page? What you changed in the form is not saved.")) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", warn);
    document.addEventListener("click", ask, true);
    return () => {
      window.removeEventListener("beforeunload", warn);
      document.removeEventListener("click", ask, true);
    };
  }, [dirty, saved]);

  const change = (next: FormValues) => {
    setValues(next);
    setServerIssues([]);
    if (outcome?.kind !== "checking") setOutcome(null);
  };
  const patch = (part: Partial<FormValues>) => change({ ...values, ...part });

  const showYaml = () => {
    const text = manifestToYaml(manifest);
    setYamlText(text);
    setYamlBaseline(text);
    setYamlErrors([]);
    setTab("yaml");
  };

  // YAML → form: only when it reads as one valid goal; otherwise stay and say what is wrong, by line.
  const showForm = () => {
    if (yamlText === yamlBaseline) {
      setYamlErrors([]);
      setTab("form");
      return true;
    }
    const reading = readYaml();
    if (!reading) return false;
    setValues(manifestToForm(reading));
    setServerIssues([]);
    setOutcome(null);
    setTab("form");
    return true;
  };

  const readYaml = (): Record<string, unknown> | null => {
    const reading = readYamlManifest(yamlText);
    const errors = [...reading.errors];
    const name = (reading.manifest as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    if (errors.length === 0 && lockedName !== null && name !== lockedName) {
      errors.push(...yamlErrorsFor(yamlText, [{ path: "metadata.name", message: `must stay '${lockedName}': a goal's name cannot change (create a new goal to use another name)` }]));
    }
    setYamlErrors(errors);
    return errors.length === 0 ? (reading.manifest as Record<string, unknown>) : null;
  };

  const selectTab = (next: Tab) => {
    if (next === tab) return;
    if (next === "yaml") showYaml();
    else showForm();
  };

  // The manifest to send: the form's, or the YAML's as written; null (with errors shown) when not valid here.
  const manifestToSend = (): Record<string, unknown> | null => {
    if (tab === "yaml") {
      // Unedited text is the form's own manifest; edited text is read, and checked, as written.
      const fromYaml = yamlText === yamlBaseline ? manifest : readYaml();
      const found = fromYaml ? checkManifest(fromYaml) : [];
      if (found.length > 0) setYamlErrors(yamlErrorsFor(yamlText, found));
      if (!fromYaml || found.length > 0) {
        setOutcome({ kind: "invalid", count: 0 });
        return null;
      }
      return fromYaml;
    }
    setAttempted(true);
    const found = checkManifest(manifest);
    if (found.length > 0) {
      setOutcome({ kind: "invalid", count: placeIssues(found).items.length });
      focusSummary.current = true;
      return null;
    }
    return manifest;
  };

  const refused = (error: unknown) => {
    const found = fieldIssues(error);
    if (found.length === 0) {
      setOutcome({ kind: "error", message: errorMessage(error) });
      return;
    }
    setServerIssues(found);
    if (tab === "yaml") setYamlErrors(yamlErrorsFor(yamlText, found));
    else focusSummary.current = true;
    setOutcome({ kind: "invalid", count: placeIssues(found).items.length });
  };

  // "New goal" never overwrites a goal of the same name by accident: Validate and Create both say so.
  const nameTaken = (preview: ApplyPreview): boolean => {
    if (mode !== "create" || preview.action === "create") return false;
    const issue = { path: "metadata.name", message: `a goal named '${preview.name}' already exists; choose another name` };
    setServerIssues([issue]);
    if (tab === "yaml") setYamlErrors(yamlErrorsFor(yamlText, [issue]));
    setOutcome({ kind: "exists", name: preview.name, generation: preview.generation });
    return true;
  };

  const validate = async () => {
    const toSend = manifestToSend();
    if (!toSend) return;
    setBusy("validate");
    setOutcome({ kind: "checking" });
    try {
      const preview = await api.spec.validate.mutate({ manifest: toSend });
      if (!nameTaken(preview)) setOutcome({ kind: "preview", preview });
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    const toSend = manifestToSend();
    if (!toSend) return;
    setBusy("submit");
    setOutcome({ kind: "checking" });
    try {
      if (mode === "create" && nameTaken(await api.spec.validate.mutate({ manifest: toSend }))) return;
      const [result] = (await api.goals.applyManifests.mutate({ manifests: [toSend] })).results;
      if (result.action === "unchanged") {
        setOutcome({ kind: "unchanged", generation: result.generation });
        return;
      }
      setSaved(true);
      setOutcome({ kind: "saved", name: result.name, action: result.action, generation: result.generation });
      router.push(`/goals/${encodeURIComponent(result.name)}`);
      router.refresh();
    } catch (error) {
      refused(error);
    } finally {
      setBusy(null);
    }
  };

  const startFromDemo = () => {
    if (!demo) return;
    if (dirty && !window.confirm("Replace what you have typed with the demo example?")) return;
    const next = manifestToForm(demo.manifest);
    setValues(next);
    setBaseline(JSON.stringify(formToManifest(next)));
    setAttempted(false);
    setServerIssues([]);
    setOutcome(null);
    setYamlErrors([]);
    setTab("form");
    requestAnimationFrame(() => document.getElementById(fieldId("metadata.name"))?.focus());
  };

  const jumpTo = (fieldPath: string) => {
    const element = document.getElementById(fieldId(fieldPath));
    element?.scrollIntoView({ block: "center" });
    element?.focus({ preventScroll: true });
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const next: Tab = tab === "form" ? "yaml" : "form";
    selectTab(next);
    requestAnimationFrame(() => document.getElementById(`tab-${next}`)?.focus());
  };

  const submitLabel = mode === "create" ? "Create goal" : "Save changes";
  const errorCounts = SECTIONS.map((section) => placed.items.filter((item) => item.fieldPath && section.owns(item.fieldPath)).length);

  return (
    <FormErrorsContext.Provider value={placed.byField}>
      <form data-testid="goal-form" data-ready={ready ? "true" : "false"} aria-label={mode === "create" ? "New goal" : `Edit goal ${values.name}`} noValidate onSubmit={(event) => event.preventDefault()}
        className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem] xl:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="min-w-0 space-y-4">
          <div role="tablist" aria-label="Edit the goal as" className="inline-flex rounded-lg border border-slate-200 bg-slate-100 p-1 dark:border-slate-800 dark:bg-slate-900">
            {(["form", "yaml"] as const).map((name) => (
              <button key={name} type="button" role="tab" id={`tab-${name}`} data-testid={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`}
                tabIndex={tab === name ? 0 : -1} onClick={() => selectTab(name)} onKeyDown={onTabKey}
                className={`rounded-md px-4 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 ${tab === name
                  ? "bg-white text-slate-900 shadow-sm dark:bg-slate-700 dark:text-white"
                  : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`}>
                {name === "form" ? "Form" : "YAML"}
              </button>
            ))}
          </div>

          {tab === "form" ? (
            <div role="tabpanel" id="panel-form" aria-labelledby="tab-form" className="space-y-4">
              {placed.items.length > 0 && <ErrorSummary ref={summary} items={placed.items} onJump={jumpTo} />}
              <FormSection id="section-goal" title="Goal" description="What it is called and what the agent should achieve.">
                <BasicsFields values={values} nameLocked={mode === "edit"} onChange={patch} />
              </FormSection>
              <FormSection id="section-workspace" title="Workspace" description="The repository the agent changes. Each iteration works in its own git worktree.">
                <WorkspaceFields workspace={values.workspace} onChange={(workspace) => patch({ workspace })} />
              </FormSection>
              <FormSection id="section-agent" title="Agent" description="The coding agent that makes each iteration's change.">
                <AgentFields path="spec.agent" role="maker" agent={values.agent} onChange={(agent) => patch({ agent })} />
              </FormSection>
              <FormSection id="section-metrics" title="Target metrics" description="The goal converges when every target holds on one iteration's measurements.">
                <MetricsSection metrics={values.metrics} suggestions={suggestMetrics(values.layers)} onChange={(metrics) => patch({ metrics })} />
              </FormSection>
              <FormSection id="section-layers" title="Evaluation layers" description="Run in this order after every iteration; each reports metrics named <layer>.<metric>.">
                <LayersSection layers={values.layers} onChange={(layers) => patch({ layers })} />
              </FormSection>
              <FormSection id="section-limits" title="Limits and approval" description="Empty fields take the default shown.">
                <LimitsFields values={values} onChange={patch} />
              </FormSection>
            </div>
          ) : (
            <div role="tabpanel" id="panel-yaml" aria-labelledby="tab-yaml">
              <YamlTab text={yamlText} errors={yamlErrors}
                onChange={(text) => { setYamlText(text); setServerIssues([]); setOutcome(null); }}
                onDiscard={yamlText !== yamlBaseline ? () => { setYamlErrors([]); setTab("form"); } : null} />
            </div>
          )}
        </div>

        <aside className="space-y-4 lg:sticky lg:top-20 lg:self-start">
          <div className="panel space-y-3 p-4">
            {mode === "edit" && generation !== undefined && (
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Saving a changed spec makes generation <strong className="text-slate-900 dark:text-slate-100">{generation + 1}</strong>.
              </p>
            )}
            <div className="flex flex-col gap-2">
              <button type="button" data-testid="submit-button" className="btn btn-primary w-full" disabled={busy !== null || saved} onClick={submit}>
                {busy === "submit" ? (mode === "create" ? "Creating…" : "Saving…") : submitLabel}
              </button>
              <button type="button" data-testid="validate-button" className="btn w-full" disabled={busy !== null || saved} onClick={validate}>
                {busy === "validate" ? "Validating…" : "Validate"}
              </button>
            </div>
            <p className="field-hint">Validate checks the spec with the server without saving anything.</p>
            <ValidationResult outcome={outcome} />
          </div>

          {mode === "create" && demo && (
            <div className="panel p-4">
              <h2 className="text-sm font-semibold">New to Setpoint?</h2>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                Start from the demo calculator goal: a scripted demo agent (no LLM) fixes the sample repository one bug per iteration until the tests and the linter pass.
              </p>
              <button type="button" data-testid="demo-button" className="btn btn-sm mt-3 w-full" onClick={startFromDemo}>Start from the demo example</button>
              <p className="field-hint">
                {demo.seededRepo
                  ? <>Fills the form as <code className="code-inline">{String((demo.manifest.metadata as { name?: string }).name)}</code> on the seeded sample repository.</>
                  : <>No seeded demo goal was found: point Repository at a git copy of <code className="code-inline">examples/calculator</code>.</>}
              </p>
            </div>
          )}

          {tab === "form" && (
            <nav aria-label="Form sections" className="panel hidden p-2 lg:block">
              <ul className="text-sm">
                {SECTIONS.map((section, index) => (
                  <li key={section.id}>
                    <a href={`#${section.id}`} className="flex items-center justify-between rounded-md px-2 py-1.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-800">
                      {section.title}
                      {errorCounts[index] > 0 && (
                        <span className="rounded-full bg-red-100 px-1.5 text-xs font-semibold text-red-700 dark:bg-red-950 dark:text-red-300" aria-label={`${errorCounts[index]} problems`}>{errorCounts[index]}</span>
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </aside>
      </form>
    </FormErrorsContext.Provider>
  );
}

function placeIssues(issues: FormIssue[]): { items: SummaryItem[]; byField: Map<string, PlacedError[]> } {
  const byField = new Map<string, PlacedError[]>();
  const seen = new Set<string>();
  // An empty field also breaks its format rule; "must not be empty" says all there is to say.
  const empty = new Set(issues.filter((issue) => issue.message === "must not be empty").map((issue) => normalizeIssuePath(issue.path)));
  const items: SummaryItem[] = [];
  for (const issue of issues) {
    const issuePath = normalizeIssuePath(issue.path);
    const key = `${issuePath}\n${issue.message}`;
    if (seen.has(key) || (empty.has(issuePath) && issue.message !== "must not be empty")) continue;
    seen.add(key);
    const fieldPath = placeIssue(issue.path);
    const message = messageAtField(fieldPath, issue);
    items.push({ issuePath, fieldPath, name: fieldName(fieldPath, issue.path), message });
    if (fieldPath) byField.set(fieldPath, [...(byField.get(fieldPath) ?? []), { issuePath, message }]);
  }
  return { items, byField };
}
