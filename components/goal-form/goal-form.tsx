"use client";
// The goal form: every field of the spec, a YAML tab that round-trips with it, checks in the browser
// with the one schema, "Validate" against the server, and create or save through goals.applyManifests.
// Whatever goes wrong, the values typed stay where they are.
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { api, errorMessage, fieldIssues } from "@/components/trpc-client";
import { manifestToYaml } from "@/server/spec/manifest-to-yaml";
import type { SandboxSupport } from "@/server/process/sandbox-support";
import { AgentFields } from "./agent-fields";
import { ApprovalFields } from "./approval-fields";
import { BasicsFields } from "./basics-fields";
import { checkManifest } from "./check-manifest";
import { ContextFields } from "./context-fields";
import { ErrorSummary, type SummaryItem } from "./error-summary";
import { FormErrorsContext, type PlacedError } from "./form-errors";
import { FormSection } from "./form-section";
import { formToManifest } from "./form-to-manifest";
import { catalogLabel } from "./field-catalog";
import { emptyFormValues, type FormValues } from "./form-values";
import { fieldId, fieldName, messageAtField, normalizeIssuePath, placeIssue, type FormIssue } from "./issue-paths";
import { LayersSection } from "./layers-section";
import { ProtectField } from "./protect-field";
import { LimitsFields } from "./limits-fields";
import { manifestToForm } from "./manifest-to-form";
import { suggestMetrics } from "./metric-suggestions";
import { MetricsSection } from "./metrics-section";
import { NotifySection } from "./notify-section";
import type { ApplyPreview } from "@/server/goals/preview-apply";
import { SandboxFields } from "./sandbox-fields";
import { StrategyFields } from "./strategy-fields";
import { TemplatePanel } from "./template-panel";
import { schemaDefault } from "./schema-defaults";
import { TriggersFields } from "./triggers-fields";
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
  // Whether bubblewrap works on this server: a new goal starts with sandbox: bwrap when it does.
  sandboxSupport?: SandboxSupport | null;
};

type Tab = "form" | "yaml";

const SECTIONS = [
  { id: "section-goal", title: "Goal", owns: (path: string) => path.startsWith("metadata") || path === "spec.intent" },
  { id: "section-workspace", title: "Workspace", owns: (path: string) => path.startsWith("spec.workspace") },
  { id: "section-agent", title: "Agent", owns: (path: string) => path.startsWith("spec.agent") },
  { id: "section-strategy", title: "Best of N", owns: (path: string) => path.startsWith("spec.strategy") },
  { id: "section-context", title: "Project knowledge", owns: (path: string) => /^spec\.context(Command)?\b/.test(path) },
  { id: "section-sandbox", title: "Sandbox and environment", owns: (path: string) => /^spec\.(sandbox|network|env)\b/.test(path) },
  { id: "section-metrics", title: "Target metrics", owns: (path: string) => path.startsWith("spec.metrics") },
  { id: "section-layers", title: "Evaluation layers", owns: (path: string) => path.startsWith("spec.evaluation") },
  { id: "section-approval", title: "Approval", owns: (path: string) => path.startsWith("spec.approval") },
  { id: "section-limits", title: "Limits and retries", owns: (path: string) => /^spec\.(stop|retry)\b/.test(path) },
  { id: "section-triggers", title: "Triggers and dependencies", owns: (path: string) => /^spec\.(triggers|dependsOn)\b/.test(path) },
  { id: "section-notify", title: "Notifications", owns: (path: string) => path.startsWith("spec.notify") },
];

export function GoalForm({ mode, initialManifest, generation, demo, sandboxSupport = null }: Props) {
  const router = useRouter();
  const [values, setValues] = useState<FormValues>(() =>
    initialManifest ? manifestToForm(initialManifest) : proposeSandbox(emptyFormValues(), sandboxSupport),
  );
  // Advanced sections start open when they hold something, folded when they hold only defaults.
  const [holds] = useState(() => ({
    limits: limitFields(values).some(([path, value]) => !isDefault(path, value)),
    triggers: values.triggers.schedule !== "" || values.triggers.webhook || values.dependsOn.length > 0,
    notify: values.notify.length > 0,
    strategy: values.strategy.candidates !== "" || values.strategy.when !== "" || values.strategy.executors.length > 0,
  }));
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
  useEffect(() => {
    setReady(true);
    // A link to a section (the goal page's "Choose sandbox: bwrap") lands there once the form is drawn.
    if (window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: "start" });
  }, []);
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
      errors.push(
        ...yamlErrorsFor(yamlText, [
          { path: "metadata.name", message: `must stay '${lockedName}': a goal's name cannot change (create a new goal to use another name)` },
        ]),
      );
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
    if (demo) startFrom(demo.manifest, "Replace what you have typed with the demo example?");
  };

  const startFrom = (manifest: Record<string, unknown>, question: string) => {
    if (dirty && !window.confirm(question)) return;
    const next = manifestToForm(manifest);
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
      <form
        data-testid="goal-form"
        data-ready={ready ? "true" : "false"}
        aria-label={mode === "create" ? "New goal" : `Edit goal ${values.name}`}
        noValidate
        onSubmit={(event) => event.preventDefault()}
        className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem] xl:grid-cols-[minmax(0,1fr)_19rem]"
      >
        <div className="min-w-0 space-y-4">
          <div
            role="tablist"
            aria-label="Edit the goal as"
            className="inline-flex rounded-lg border border-slate-200 bg-slate-100 p-1 dark:border-slate-800 dark:bg-slate-900"
          >
            {(["form", "yaml"] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`tab-${name}`}
                data-testid={`tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`panel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                onClick={() => selectTab(name)}
                onKeyDown={onTabKey}
                className={`rounded-md px-4 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 ${
                  tab === name
                    ? "bg-white text-slate-900 shadow-sm dark:bg-slate-700 dark:text-white"
                    : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
                }`}
              >
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
              <FormSection
                id="section-workspace"
                title="Workspace"
                description="The repository the agent changes. Each iteration works in its own git worktree."
              >
                <WorkspaceFields workspace={values.workspace} onChange={(workspace) => patch({ workspace })} />
              </FormSection>
              <FormSection id="section-agent" title="Agent" description="The coding agent that makes each iteration's change.">
                <AgentFields path="spec.agent" role="maker" agent={values.agent} onChange={(agent) => patch({ agent })} />
              </FormSection>
              <FormSection
                id="section-strategy"
                title="Best of N"
                description="Several candidate agents per iteration from the same commit; the best measured one is kept."
                fold={{
                  open: holds.strategy,
                  hasErrors: errorCounts[SECTION_INDEX["section-strategy"]] > 0,
                  summary: setSummary(
                    [
                      ["spec.strategy.candidates", values.strategy.candidates],
                      ["spec.strategy.when", values.strategy.when],
                      [
                        "spec.strategy.executors",
                        values.strategy.executors.map((row) => (row.model ? `${row.executor} (${row.model})` : row.executor)).join(", "),
                      ],
                    ],
                    "One agent per iteration.",
                  ),
                }}
              >
                <StrategyFields strategy={values.strategy} onChange={(strategy) => patch({ strategy })} />
              </FormSection>
              <FormSection
                id="section-context"
                title="Project knowledge"
                description="Files and a command's output added to every prompt, and the prompt iteration 1 will get."
              >
                <ContextFields
                  values={values}
                  onChange={patch}
                  manifest={manifestToSend}
                  onRefused={(error) => {
                    refused(error);
                    return fieldIssues(error).length > 0;
                  }}
                />
              </FormSection>
              <FormSection id="section-sandbox" title="Sandbox and environment" description="What the goal's setup, agent and layer commands may touch.">
                <SandboxFields values={values} support={sandboxSupport} onChange={patch} />
              </FormSection>
              <FormSection
                id="section-metrics"
                title="Target metrics"
                description="The goal converges when every target holds on one iteration's measurements."
              >
                <MetricsSection metrics={values.metrics} suggestions={suggestMetrics(values.layers)} onChange={(metrics) => patch({ metrics })} />
              </FormSection>
              <FormSection
                id="section-layers"
                title="Evaluation layers"
                description="Run in this order after every iteration; each reports metrics named <layer>.<metric>."
              >
                <LayersSection layers={values.layers} onChange={(layers) => patch({ layers })} />
                <ProtectField value={values.protect} onChange={(protect) => patch({ protect })} />
              </FormSection>
              <FormSection id="section-approval" title="Approval" description="Whether a person approves before the loop goes on, and who may decide.">
                <ApprovalFields approval={values.approval} onChange={(approval) => patch({ approval })} />
              </FormSection>
              <FormSection
                id="section-limits"
                title="Limits and retries"
                description="When the loop stops, and how often a failing agent is retried. Empty fields take the default shown."
                fold={{
                  open: holds.limits,
                  hasErrors: errorCounts[SECTION_INDEX["section-limits"]] > 0,
                  summary: setSummary(limitFields(values), limitDefaults()),
                }}
              >
                <LimitsFields values={values} onChange={patch} />
              </FormSection>
              <FormSection
                id="section-triggers"
                title="Triggers and dependencies"
                description="What starts a run besides an apply, and which goals this one waits for."
                fold={{
                  open: holds.triggers,
                  hasErrors: errorCounts[SECTION_INDEX["section-triggers"]] > 0,
                  summary: setSummary(
                    [
                      ["spec.triggers.schedule", values.triggers.schedule],
                      ["spec.triggers.webhook", values.triggers.webhook ? "on" : ""],
                      ["spec.dependsOn", values.dependsOn.join(", ")],
                    ],
                    "None: a run starts when the goal is applied, resumed or re-run.",
                  ),
                }}
              >
                <TriggersFields values={values} onChange={patch} />
              </FormSection>
              <FormSection
                id="section-notify"
                title="Notifications"
                description="Where to POST when the goal needs a person, converges or ends."
                fold={{
                  open: holds.notify,
                  hasErrors: errorCounts[SECTION_INDEX["section-notify"]] > 0,
                  summary:
                    values.notify.length === 0
                      ? "None."
                      : `${values.notify.length} destination${values.notify.length === 1 ? "" : "s"}: ${values.notify.map((row) => originOf(row.url)).join(", ")}`,
                }}
              >
                <NotifySection notify={values.notify} onChange={(notify) => patch({ notify })} />
              </FormSection>
            </div>
          ) : (
            <div role="tabpanel" id="panel-yaml" aria-labelledby="tab-yaml">
              <YamlTab
                text={yamlText}
                errors={yamlErrors}
                stored={mode === "edit"}
                onChange={(text) => {
                  setYamlText(text);
                  setServerIssues([]);
                  setOutcome(null);
                }}
                onDiscard={
                  yamlText !== yamlBaseline
                    ? () => {
                        setYamlErrors([]);
                        setTab("form");
                      }
                    : null
                }
              />
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

          {mode === "create" && (
            <TemplatePanel repo={values.workspace.repo} onTemplate={(manifest) => startFrom(manifest, "Replace what you have typed with the template?")} />
          )}

          {mode === "create" && demo && (
            <div className="panel p-4">
              <h2 className="text-sm font-semibold">New to Setpoint?</h2>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                Start from the demo calculator goal: a scripted demo agent (no LLM) fixes the sample repository one bug per iteration until the tests and the
                linter pass.
              </p>
              <button type="button" data-testid="demo-button" className="btn btn-sm mt-3 w-full" onClick={startFromDemo}>
                Start from the demo example
              </button>
              <p className="field-hint">
                {demo.seededRepo ? (
                  <>
                    Fills the form as <code className="code-inline">{String((demo.manifest.metadata as { name?: string }).name)}</code> on the seeded sample
                    repository.
                  </>
                ) : (
                  <>
                    No seeded demo goal was found: point Repository at a git copy of <code className="code-inline">examples/calculator</code>.
                  </>
                )}
              </p>
            </div>
          )}

          {tab === "form" && (
            <nav aria-label="Form sections" className="panel hidden p-2 lg:block">
              <ul className="text-sm">
                {SECTIONS.map((section, index) => (
                  <li key={section.id}>
                    <a
                      href={`#${section.id}`}
                      className="flex items-center justify-between rounded-md px-2 py-1.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-800"
                    >
                      {section.title}
                      {errorCounts[index] > 0 && (
                        <span
                          className="rounded-full bg-red-100 px-1.5 text-xs font-semibold text-red-700 dark:bg-red-950 dark:text-red-300"
                          aria-label={`${errorCounts[index]} problems`}
                        >
                          {errorCounts[index]}
                        </span>
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

const SECTION_INDEX = Object.fromEntries(SECTIONS.map((section, index) => [section.id, index]));

// A new goal starts sandboxed wherever bubblewrap works here.
function proposeSandbox(values: FormValues, support: SandboxSupport | null): FormValues {
  return support?.bwrap ? { ...values, sandbox: "bwrap" } : values;
}

// What a folded section holds besides defaults, named with the catalog's labels: "Max iterations 25 · Max cost 12.5".
function setSummary(fields: readonly (readonly [string, string])[], none: string): string {
  const set = fields.filter(([path, value]) => !isDefault(path, value)).map(([path, value]) => `${catalogLabel(path) ?? path} ${value}`);
  return set.length === 0 ? none : set.join(" · ");
}

// Blank, or the schema's default written out (a stored goal holds every default).
function isDefault(path: string, value: string): boolean {
  return value.trim() === "" || value === String(schemaDefault(path) ?? "");
}

function limitFields(values: FormValues): [string, string][] {
  return [
    ...Object.entries(values.stop).map(([key, value]) => [`spec.stop.${key}`, value] as [string, string]),
    ...Object.entries(values.retry).map(([key, value]) => [`spec.retry.${key}`, value] as [string, string]),
  ];
}

function limitDefaults(): string {
  const value = (path: string) => String(schemaDefault(path));
  return `The defaults: at most ${value("spec.stop.maxIterations")} iterations and ${value("spec.stop.maxDurationMinutes")} minutes, no cost limit, stalled after ${value("spec.stop.stallIterations")} iterations without progress; ${value("spec.retry.maxAgentFailures")} agent failures in a row retried.`;
}

// A notification URL often carries its secret in the path: a folded section shows only where it goes.
function originOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url || "(no URL yet)";
  }
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
