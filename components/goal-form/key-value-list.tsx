"use client";
// An editable list of key = value rows (labels, environment variables, JSON fields).
import { emptyKeyValue, type KeyValue } from "./form-values";
import { FieldErrors, useFieldProps } from "./form-errors";
import { fieldId } from "./issue-paths";

type Props = {
  path: string;
  legend: string;
  noun: string; // "label", "variable"
  rows: KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  hint?: string;
};

export function KeyValueList({ path, legend, noun, rows, onChange, keyPlaceholder, valuePlaceholder, hint }: Props) {
  const hintId = hint ? `${fieldId(path)}-hint` : undefined;
  const addProps = useFieldProps(path, hintId);
  const base = fieldId(path);
  const update = (index: number, change: Partial<KeyValue>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const add = () => {
    onChange([...rows, emptyKeyValue()]);
    // Focus the new row's key once it is rendered.
    requestAnimationFrame(() => document.getElementById(`${base}-${rows.length}-key`)?.focus());
  };
  return (
    <fieldset>
      <legend className="field-label">{legend}</legend>
      {rows.length > 0 && (
        <ul className="mb-2 space-y-1.5">
          {rows.map((row, index) => (
            <li key={row.id} className="flex items-center gap-1.5">
              <label htmlFor={`${base}-${index}-key`} className="sr-only">{`${capitalise(noun)} ${index + 1} name`}</label>
              <input
                id={`${base}-${index}-key`}
                className="input dark:placeholder:text-slate-500 font-mono text-[13px]"
                value={row.key}
                placeholder={keyPlaceholder}
                spellCheck={false}
                autoComplete="off"
                onChange={(event) => update(index, { key: event.target.value })}
              />
              <span aria-hidden className="muted">
                =
              </span>
              <label htmlFor={`${base}-${index}-value`} className="sr-only">{`${capitalise(noun)} ${index + 1} value`}</label>
              <input
                id={`${base}-${index}-value`}
                className="input dark:placeholder:text-slate-500 font-mono text-[13px]"
                value={row.value}
                placeholder={valuePlaceholder}
                spellCheck={false}
                autoComplete="off"
                onChange={(event) => update(index, { value: event.target.value })}
              />
              <button
                type="button"
                className="btn btn-sm shrink-0"
                aria-label={`Remove ${noun} ${row.key || index + 1}`}
                onClick={() => onChange(rows.filter((_, at) => at !== index))}
              >
                <span aria-hidden>✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" {...addProps} className="btn btn-sm" onClick={add}>
        + Add {noun}
      </button>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <FieldErrors path={path} />
    </fieldset>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
