"use client";
// Where to POST when the goal reaches a state a person cares about: each destination a URL and the
// events it wants (every event when all are ticked, the schema's default).
import { NOTIFY_EVENTS } from "@/server/spec/goal-spec";
import { emptyNotify, type NotifyValues } from "./form-values";
import { FieldErrors, useFieldProps } from "./form-errors";
import { fieldId } from "./issue-paths";
import { TextField } from "./text-field";

type Props = { notify: NotifyValues[]; onChange: (notify: NotifyValues[]) => void };

export function NotifySection({ notify, onChange }: Props) {
  const addProps = useFieldProps("spec.notify");
  const update = (index: number, change: Partial<NotifyValues>) => onChange(notify.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const add = () => {
    onChange([...notify, emptyNotify()]);
    requestAnimationFrame(() => document.getElementById(fieldId(`spec.notify.${notify.length}.url`))?.focus());
  };
  return (
    <div>
      {notify.length > 0 && (
        <ul className="space-y-3">
          {notify.map((row, index) => (
            <NotifyRow
              key={row.id}
              index={index}
              row={row}
              onChange={(change) => update(index, change)}
              onRemove={() => onChange(notify.filter((_, at) => at !== index))}
            />
          ))}
        </ul>
      )}
      <button type="button" {...addProps} className="btn btn-sm mt-3" onClick={add}>
        + Add a destination
      </button>
      <p className="field-hint">
        Sent by the runners as JSON with a Slack-compatible <code className="code-inline">text</code>; retried until delivered.
      </p>
      <FieldErrors path="spec.notify" />
    </div>
  );
}

function NotifyRow({
  index,
  row,
  onChange,
  onRemove,
}: {
  index: number;
  row: NotifyValues;
  onChange: (change: Partial<NotifyValues>) => void;
  onRemove: () => void;
}) {
  const path = `spec.notify.${index}`;
  const events = useFieldProps(`${path}.events`);
  const toggle = (event: string, on: boolean) =>
    onChange({ events: on ? NOTIFY_EVENTS.filter((name) => name === event || row.events.includes(name)) : row.events.filter((name) => name !== event) });
  return (
    <li data-testid="notify-row" className="rounded-md border border-slate-200 bg-slate-50/60 p-3 dark:border-slate-800 dark:bg-slate-950/40">
      <div className="flex items-end gap-2">
        <TextField
          className="min-w-0 flex-1"
          path={`${path}.url`}
          label={`Destination ${index + 1} URL`}
          value={row.url}
          mono
          placeholder="https://hooks.slack.com/services/…"
          onChange={(url) => onChange({ url })}
        />
        <button type="button" className="btn btn-sm mb-0.5" aria-label={`Remove destination ${index + 1}`} onClick={onRemove}>
          <span aria-hidden>✕</span>
        </button>
      </div>
      <fieldset className="mt-2" id={events.id} aria-invalid={events["aria-invalid"]} aria-describedby={events["aria-describedby"]} tabIndex={-1}>
        <legend className="field-label text-xs">Events</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {NOTIFY_EVENTS.map((event) => (
            <label key={event} className="inline-flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300">
              <input
                type="checkbox"
                className="h-4 w-4 accent-blue-600"
                checked={row.events.includes(event)}
                onChange={(change) => toggle(event, change.target.checked)}
              />
              {event}
            </label>
          ))}
        </div>
      </fieldset>
      <FieldErrors path={`${path}.events`} />
      <TextField
        className="mt-2"
        path={`${path}.signingSecret`}
        label="Signing secret"
        value={row.signingSecret}
        mono
        placeholder="none: unsigned"
        onChange={(signingSecret) => onChange({ signingSecret })}
        hint="A goal secret's name: each delivery is then signed (X-Setpoint-Signature, with its time)."
      />
    </li>
  );
}
