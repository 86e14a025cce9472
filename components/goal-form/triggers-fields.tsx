"use client";
// What starts a run besides an apply: a schedule (re-measure a converged goal), a signed webhook, and
// other goals this one waits for.
import { useEffect, useState } from "react";
import { nextResyncAt, scheduleProblem } from "@/server/resync/resync-schedule";
import { CheckboxField } from "./checkbox-field";
import type { FormValues } from "./form-values";
import { useGoalNames } from "./goal-names";
import { NameListField } from "./name-list-field";
import { TextField } from "./text-field";

type Props = { values: FormValues; onChange: (change: Partial<FormValues>) => void };

export function TriggersFields({ values, onChange }: Props) {
  const [typed, setTyped] = useState("");
  const suggestions = useGoalNames(typed, values.name.trim());
  const triggers = (change: Partial<FormValues["triggers"]>) => onChange({ triggers: { ...values.triggers, ...change } });
  const name = values.name.trim() || "NAME";
  return (
    <div className="grid gap-4">
      <TextField
        className="sm:max-w-md"
        path="spec.triggers.schedule"
        label="Schedule (cron, UTC)"
        value={values.triggers.schedule}
        mono
        placeholder="0 6 * * *"
        onChange={(schedule) => triggers({ schedule })}
        hint={<ScheduleHint schedule={values.triggers.schedule} />}
      />
      <CheckboxField
        path="spec.triggers.webhook"
        label="Webhook"
        checked={values.triggers.webhook}
        onChange={(webhook) => triggers({ webhook })}
        hint={
          <>
            A signed <code className="code-inline">POST /api/hooks/goals/{name}</code> starts a new run. Its secret:{" "}
            <code className="code-inline">npx setpoint webhook rotate {name}</code> once saved.
          </>
        }
      />
      <NameListField
        path="spec.dependsOn"
        label="Depends on"
        noun="goal"
        names={values.dependsOn}
        onChange={(dependsOn) => onChange({ dependsOn })}
        suggestions={suggestions}
        onTyping={setTyped}
        placeholder="a goal's name, then Enter"
        mono
        hint="This goal waits (Queued) until each of these has converged. Pick an existing goal or type a name; cycles are refused on save."
      />
    </div>
  );
}

// When a schedule next fires, so "0 6 * * 1" reads as days and hours; computed once in the browser.
function ScheduleHint({ schedule }: { schedule: string }) {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => setNow(new Date()), []);
  const intro = "Once converged, the layers are measured again on this schedule; a broken target is drift and starts a new run.";
  if (schedule.trim() === "" || now === null || scheduleProblem(schedule) !== null) return <>{intro}</>;
  const runs: Date[] = [];
  for (let after = now; runs.length < 3; after = runs[runs.length - 1]) runs.push(nextResyncAt(schedule, after));
  return (
    <>
      {intro} <span data-testid="schedule-next-runs">Next: {runs.map(formatUtc).join(" · ")} (UTC).</span>
    </>
  );
}

function formatUtc(date: Date): string {
  return date.toLocaleString("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}
