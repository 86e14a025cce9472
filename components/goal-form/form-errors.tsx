"use client";
// Errors by the field that shows them, shared with every field of the form without threading props.
import { createContext, useContext } from "react";
import { errorId, fieldId } from "./issue-paths";

export type PlacedError = { issuePath: string; message: string };

export const FormErrorsContext = createContext<ReadonlyMap<string, PlacedError[]>>(new Map());

// The props a control needs to be found by the summary and read with its errors and hint.
export function useFieldProps(path: string, hintId?: string) {
  const errors = useContext(FormErrorsContext).get(path) ?? [];
  const describedBy = [hintId, errors.length > 0 ? errorId(path) : undefined].filter(Boolean).join(" ");
  return {
    id: fieldId(path),
    "aria-invalid": errors.length > 0 ? true : undefined,
    "aria-describedby": describedBy || undefined,
  } as const;
}

export function FieldErrors({ path }: { path: string }) {
  const errors = useContext(FormErrorsContext).get(path) ?? [];
  if (errors.length === 0) return null;
  return (
    <div id={errorId(path)}>
      {errors.map((error, index) => (
        <p key={index} className="field-error" data-testid="field-error" data-path={error.issuePath}>
          <span aria-hidden className="mr-1">
            ⚠
          </span>
          {error.message}
        </p>
      ))}
    </div>
  );
}
