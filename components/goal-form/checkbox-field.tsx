"use client";
// A labelled checkbox with its hint and errors, wired for screen readers like the text fields.
import type { ReactNode } from "react";
import { FieldErrors, useFieldProps } from "./form-errors";
import { fieldId } from "./issue-paths";

type Props = {
  path: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
  className?: string;
};

export function CheckboxField({ path, label, checked, onChange, hint, disabled, className }: Props) {
  const hintId = hint ? `${fieldId(path)}-hint` : undefined;
  const props = useFieldProps(path, hintId);
  return (
    <div className={className}>
      <div className="flex items-start gap-2">
        <input
          {...props}
          type="checkbox"
          disabled={disabled}
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:opacity-50 dark:border-slate-700"
        />
        <label htmlFor={props.id} className={`text-sm font-medium ${disabled ? "text-slate-400 dark:text-slate-500" : "text-slate-700 dark:text-slate-300"}`}>
          {label}
        </label>
      </div>
      {hint && (
        <p id={hintId} className="field-hint ml-6">
          {hint}
        </p>
      )}
      <FieldErrors path={path} />
    </div>
  );
}
