"use client";
// evaluation.protect: the paths every measurement reads as they were at the goal's start, with a button that
// adds the usual ones (tests, the test runner's and linter's configuration, the package manifest, CI files).
import { SUGGESTED_PROTECT } from "@/server/spec/protect-spec";
import { lines } from "./form-to-manifest";
import { TextField } from "./text-field";

type Props = { value: string; onChange: (value: string) => void };

export function ProtectField({ value, onChange }: Props) {
  const present = new Set(lines(value));
  const missing = SUGGESTED_PROTECT.filter((glob) => !present.has(glob));
  const suggest = () => onChange([...lines(value), ...missing].join("\n"));
  return (
    <div className="mt-4">
      <TextField
        path="spec.evaluation.protect"
        label="Protected paths"
        value={value}
        mono
        rows={4}
        placeholder={"test/**\npackage.json"}
        onChange={onChange}
        hint="Globs, one per line. Before every measurement they are put back as they were at the goal's starting commit and files added under them are removed; an iteration whose agent changed them is never accepted."
      />
      <button type="button" className="btn btn-sm mt-2" disabled={missing.length === 0} onClick={suggest}>
        {missing.length === 0 ? "Usual paths protected" : "+ Protect the usual paths (tests, test and lint config, package.json, CI)"}
      </button>
    </div>
  );
}
