// A mistyped goal name or iteration number: say which, and offer the way back.
import Link from "next/link";
import { askedPathSegments } from "@/server/web/asked-path";
import { db } from "@/server/db/client";
import { readIterationRange } from "@/server/iterations/read-iteration";
import { parseIterationNumber } from "./iteration-number";

export default async function IterationNotFound() {
  const asked = await askedFor();
  const range = asked ? await readIterationRange(db(), asked.name).catch(() => null) : null;
  const goalPath = asked ? `/goals/${encodeURIComponent(asked.name)}` : "/";
  return (
    <div data-testid="not-found" className="mx-auto max-w-2xl py-16 text-center">
      <p className="muted text-sm font-medium">404</p>
      <h1 className="mt-1 text-xl font-semibold">{headline(asked, range)}</h1>
      <p className="muted mt-2 text-sm">{advice(asked, range)}</p>
      <div className="mt-6 flex justify-center gap-3">
        {range?.goalExists && asked && range.last !== null && (
          <Link href={`${goalPath}/iterations/${range.last}`} className="btn btn-primary">
            Latest iteration ({range.last})
          </Link>
        )}
        {range?.goalExists && asked && (
          <Link href={goalPath} className="btn">
            Back to {asked.name}
          </Link>
        )}
        <Link href="/" className="btn">
          Back to the board
        </Link>
      </div>
    </div>
  );
}

type Asked = { name: string; number: string };
type Range = Awaited<ReturnType<typeof readIterationRange>> | null;

async function askedFor(): Promise<Asked | null> {
  const [goals, name, iterations, number, ...rest] = await askedPathSegments();
  return goals === "goals" && iterations === "iterations" && number !== undefined && rest.length === 0 ? { name, number } : null;
}

function headline(asked: Asked | null, range: Range): string {
  if (!asked) return "Iteration not found";
  if (range && !range.goalExists) return `There is no goal named ‘${asked.name}’`;
  if (parseIterationNumber(asked.number) === null) return `‘${asked.number}’ is not an iteration number`;
  return `Goal ‘${asked.name}’ has no iteration ${asked.number}`;
}

function advice(asked: Asked | null, range: Range): string {
  if (!asked || !range) return "Check the address, or find the iteration from its goal on the board.";
  if (!range.goalExists) return "It may have been deleted or the name is mistyped. The board lists every goal.";
  if (range.last === null) return "It has no iterations yet: a runner starts with iteration 0, the baseline, once it picks the goal up.";
  const span = range.first === range.last ? `this goal has only iteration ${range.first}` : `this goal has iterations ${range.first} to ${range.last}`;
  return parseIterationNumber(asked.number) === null
    ? `Iteration numbers are whole numbers from 0 (the baseline); ${span}.`
    : `${span[0].toUpperCase()}${span.slice(1)}.`;
}
