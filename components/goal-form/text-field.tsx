"use client";
// A labelled input (or textarea, or select) with its hint and errors, wired for screen readers.
import type { ReactNode } from "react";
import { FieldErrors, useFieldProps } from "./form-errors";
import { fieldId } from "./issue-paths";

type Common = { path: string; label: string; hint?: ReactNode; className?: string; labelClassName?: string };

type TextProps = Common & {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  mono?: boolean;
  rows?: number; // a textarea when given
  readOnly?: boolean;
  inputMode?: "numeric" | "decimal" | "text";
  autoFocus?: boolean;
};

export function TextField({
  path,
  label,
  hint,
  className,
  labelClassName,
  value,
  onChange,
  placeholder,
  mono,
  rows,
  readOnly,
  inputMode,
  autoFocus,
}: TextProps) {
  const hintId = hint ? `${fieldId(path)}-hint` : undefined;
  const props = useFieldProps(path, hintId);
  const inputClass = `input dark:placeholder:text-slate-500 ${mono ? "font-mono text-[13px]" : ""} ${readOnly ? "cursor-not-allowed bg-slate-100 text-slate-600 dark:bg-slate-900 dark:text-slate-400" : ""}`;
  return (
    <div className={className}>
      <label htmlFor={props.id} className={`field-label ${labelClassName ?? ""}`}>
        {label}
      </label>
      {rows ? (
        <textarea
          {...props}
          rows={rows}
          value={value}
          placeholder={placeholder}
          readOnly={readOnly}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
          className={`${inputClass} resize-y`}
        />
      ) : (
        <input
          {...props}
          type="text"
          value={value}
          placeholder={placeholder}
          readOnly={readOnly}
          inputMode={inputMode}
          autoFocus={autoFocus}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => onChange(event.target.value)}
          className={inputClass}
        />
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldErrors path={path} />
    </div>
  );
}

type SelectProps = Common & {
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
};

export function SelectField({ path, label, hint, className, labelClassName, value, onChange, options }: SelectProps) {
  const hintId = hint ? `${fieldId(path)}-hint` : undefined;
  const props = useFieldProps(path, hintId);
  // A value the options do not know (typed in YAML) is still shown, so it is never silently replaced.
  const all = options.some((option) => option.value === value) ? options : [...options, { value, label: value }];
  return (
    <div className={className}>
      <label htmlFor={props.id} className={`field-label ${labelClassName ?? ""}`}>
        {label}
      </label>
      <select {...props} value={value} onChange={(event) => onChange(event.target.value)} className="input dark:placeholder:text-slate-500">
        {all.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldErrors path={path} />
    </div>
  );
}
