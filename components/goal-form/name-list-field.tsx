"use client";
// A list of names (approvers, goals depended on, variables passed): each a removable chip, added by
// typing and Enter (or "Add"), with optional suggestions. Free entry: a name need not be suggested.
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { FieldErrors, useFieldProps } from "./form-errors";
import { fieldId } from "./issue-paths";

type Props = {
  path: string;
  label: string;
  noun: string; // "approver", "goal"
  names: string[];
  onChange: (names: string[]) => void;
  placeholder?: string;
  hint?: ReactNode;
  suggestions?: string[];
  onTyping?: (text: string) => void; // to fetch suggestions for what is typed
  mono?: boolean;
};

export function NameListField({ path, label, noun, names, onChange, placeholder, hint, suggestions, onTyping, mono }: Props) {
  const [draft, setDraft] = useState("");
  const hintId = hint ? `${fieldId(path)}-hint` : undefined;
  const props = useFieldProps(path, hintId);
  const listId = `${props.id}-suggestions`;
  const add = () => {
    const name = draft.trim();
    if (name === "") return;
    if (!names.includes(name)) onChange([...names, name]);
    setDraft("");
    onTyping?.("");
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      add();
    } else if (event.key === "Backspace" && draft === "" && names.length > 0) {
      onChange(names.slice(0, -1));
    }
  };
  const offered = (suggestions ?? []).filter((name) => !names.includes(name));
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {label}
      </label>
      {names.length > 0 && (
        <ul className="mb-1.5 flex flex-wrap gap-1.5" aria-label={`${label}: ${names.length}`}>
          {names.map((name, index) => (
            <li
              key={`${name}-${index}`}
              data-testid="name-chip"
              className={`inline-flex items-center gap-1 rounded-full border border-slate-300 bg-slate-100 py-0.5 pl-2.5 pr-1 text-[13px] dark:border-slate-700 dark:bg-slate-800 ${mono ? "font-mono" : ""}`}
            >
              {name}
              <button
                type="button"
                className="rounded-full px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-700 dark:hover:text-white"
                aria-label={`Remove ${noun} ${name}`}
                onClick={() => onChange(names.filter((_, at) => at !== index))}
              >
                <span aria-hidden>✕</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-1.5">
        <input
          {...props}
          type="text"
          value={draft}
          placeholder={placeholder}
          list={suggestions ? listId : undefined}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            setDraft(event.target.value);
            onTyping?.(event.target.value);
          }}
          onKeyDown={onKey}
          onBlur={add}
          className={`input dark:placeholder:text-slate-500 ${mono ? "font-mono text-[13px]" : ""}`}
        />
        <button type="button" className="btn btn-sm shrink-0" onClick={add} disabled={draft.trim() === ""}>
          Add
        </button>
      </div>
      {suggestions && (
        <datalist id={listId}>
          {offered.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
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
