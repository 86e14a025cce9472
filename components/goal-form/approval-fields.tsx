"use client";
// When a person must approve, who may, and what happens when nobody answers.
import { APPROVAL_POLICIES } from "@/server/spec/goal-spec";
import { CheckboxField } from "./checkbox-field";
import type { FormValues } from "./form-values";
import { NameListField } from "./name-list-field";
import { SelectField, TextField } from "./text-field";

type Approval = FormValues["approval"];

const POLICY_LABELS: Record<string, string> = {
  never: "never — runs on its own (default)",
  "on-converge": "on-converge — a person approves the final result",
  "every-iteration": "every-iteration — a person approves each iteration",
};

export function ApprovalFields({ approval, onChange }: { approval: Approval; onChange: (approval: Approval) => void }) {
  const set = (change: Partial<Approval>) => onChange({ ...approval, ...change });
  const gated = approval.policy !== "";
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField
        className="sm:col-span-2 sm:max-w-md"
        path="spec.approval.policy"
        label="Approval policy"
        value={approval.policy}
        options={APPROVAL_POLICIES.map((policy) => ({ value: policy === "never" ? "" : policy, label: POLICY_LABELS[policy] }))}
        onChange={(policy) => set({ policy })}
      />
      <CheckboxField
        className="sm:col-span-2"
        path="spec.approval.fourEyes"
        label="Four eyes"
        checked={approval.fourEyes}
        onChange={(fourEyes) => set({ fourEyes })}
        hint={
          approval.fourEyes
            ? "Whoever created or last edited this goal may not approve or reject its gates: someone else must decide."
            : "Off: whoever created or last edited this goal may decide its gates too (for a person working alone)."
        }
      />
      <div className="sm:col-span-2">
        <NameListField
          path="spec.approval.approvers"
          label="Approvers"
          noun="approver"
          names={approval.approvers}
          onChange={(approvers) => set({ approvers })}
          placeholder="a user name, then Enter"
          hint={
            approval.approvers.length > 0
              ? "Only these people may decide the gates (each also needs the approver or admin role)."
              : "Empty: anyone with the approver or admin role may decide. Name people to narrow it."
          }
        />
      </div>
      <TextField
        path="spec.approval.timeoutMinutes"
        label="Timeout (minutes)"
        value={approval.timeoutMinutes}
        inputMode="decimal"
        placeholder="none: wait for a person"
        onChange={(timeoutMinutes) => set({ timeoutMinutes })}
        hint={gated ? "A gate nobody answers in time ends as below." : "Applies once a policy asks for approval."}
      />
      <SelectField
        path="spec.approval.onTimeout"
        label="On timeout"
        value={approval.onTimeout}
        options={[
          { value: "", label: "reject — the loop goes on, told why (default)" },
          { value: "fail", label: "fail — the goal fails" },
        ]}
        onChange={(onTimeout) => set({ onTimeout })}
      />
    </div>
  );
}
