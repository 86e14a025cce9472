"use client";
// Every problem in one list at the top, each a link that puts the cursor in the field concerned.
import { forwardRef } from "react";
import { fieldId } from "./issue-paths";

export type SummaryItem = { issuePath: string; fieldPath: string | null; name: string; message: string };

type Props = { items: SummaryItem[]; onJump: (fieldPath: string) => void };

export const ErrorSummary = forwardRef<HTMLDivElement, Props>(function ErrorSummary({ items, onJump }, ref) {
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      data-testid="error-summary"
      className="rounded-lg border border-red-300 bg-red-50 p-4 outline-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 dark:border-red-900 dark:bg-red-950/50"
    >
      <h2 id="error-summary-title" className="font-semibold text-red-800 dark:text-red-200">
        {items.length === 1 ? "1 problem to fix" : `${items.length} problems to fix`} before this goal can be saved
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {items.map((item, index) => (
          <li key={index} className="text-red-800 dark:text-red-200" data-path={item.issuePath}>
            {item.fieldPath ? (
              <a
                href={`#${fieldId(item.fieldPath)}`}
                className="font-medium underline underline-offset-2 hover:text-red-950 dark:hover:text-white"
                onClick={(event) => {
                  event.preventDefault();
                  onJump(item.fieldPath!);
                }}
              >
                {item.name}
              </a>
            ) : (
              <span className="font-medium">{item.name}</span>
            )}
            : {item.message}
          </li>
        ))}
      </ul>
    </div>
  );
});
