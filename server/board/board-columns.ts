// The board's five columns and the phases each one holds, in the order they show.
import type { Phase } from "../loop/types";

export const COLUMN_KEYS = ["queued", "running", "awaiting", "converged", "ended"] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export type ColumnDefinition = { key: ColumnKey; title: string; hint: string; phases: Phase[]; empty: string };

export const BOARD_COLUMNS: ColumnDefinition[] = [
  // Paused waits like a queued goal does; its badge tells the two apart.
  { key: "queued", title: "Queued", hint: "Waiting for a runner, or Paused", phases: ["Queued", "Paused"], empty: "Nothing waiting for a runner" },
  { key: "running", title: "Running", hint: "An agent loop in progress", phases: ["Running"], empty: "No goal is running" },
  { key: "awaiting", title: "Awaiting approval", hint: "A person decides next", phases: ["AwaitingApproval"], empty: "Nothing to approve" },
  { key: "converged", title: "Converged", hint: "Every target holds", phases: ["Converged"], empty: "No goal has converged yet" },
  {
    key: "ended",
    title: "Stopped",
    hint: "Ended without converging",
    phases: ["Failed", "Stalled", "Exhausted", "Cancelled"],
    empty: "No goal has stopped short",
  },
];

export function columnOf(phase: string): ColumnKey {
  return BOARD_COLUMNS.find((column) => (column.phases as string[]).includes(phase))?.key ?? "queued";
}
