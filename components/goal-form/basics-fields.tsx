"use client";
// The goal's name, labels and intent: what it is called and what the agent should achieve.
import type { FormValues } from "./form-values";
import { KeyValueList } from "./key-value-list";
import { TextField } from "./text-field";

type Props = { values: FormValues; nameLocked: boolean; onChange: (change: Partial<FormValues>) => void };

export function BasicsFields({ values, nameLocked, onChange }: Props) {
  return (
    <div className="grid gap-4">
      <TextField
        className="sm:max-w-md"
        path="metadata.name"
        label="Name"
        value={values.name}
        mono
        readOnly={nameLocked}
        placeholder="fix-flaky-tests"
        onChange={(name) => onChange({ name })}
        hint={
          nameLocked
            ? "A goal's name cannot change. To use another name, create a new goal."
            : "Lowercase letters, digits and '-'; at most 63 characters. It names the branch setpoint/<name>."
        }
      />
      <TextField
        path="spec.intent"
        label="Intent"
        value={values.intent}
        rows={4}
        onChange={(intent) => onChange({ intent })}
        placeholder="Make every test pass without editing the tests."
        hint="What the agent should achieve, in plain words. It opens every prompt; the target metrics decide when it is done."
      />
      <KeyValueList
        path="metadata.labels"
        legend="Labels"
        noun="label"
        rows={values.labels}
        onChange={(labels) => onChange({ labels })}
        keyPlaceholder="team"
        valuePlaceholder="core"
        hint="Optional key = value tags to filter goals by."
      />
    </div>
  );
}
