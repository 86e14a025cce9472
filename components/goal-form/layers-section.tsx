"use client";
// The evaluation layers, in the order they run: add one of three kinds, edit, reorder, remove.
import { emptyLayer, type LayerKind, type LayerValues } from "./form-values";
import { FieldErrors, useFieldProps } from "./form-errors";
import { fieldId } from "./issue-paths";
import { LayerRow } from "./layer-row";

type Props = { layers: LayerValues[]; onChange: (layers: LayerValues[]) => void };

const ADD: { kind: LayerKind; label: string }[] = [
  { kind: "run", label: "+ Run a command" },
  { kind: "policy", label: "+ Policy checks" },
  { kind: "agent", label: "+ Reviewer agent" },
];

export function LayersSection({ layers, onChange }: Props) {
  const addProps = useFieldProps("spec.evaluation.layers");
  const add = (kind: LayerKind) => {
    onChange([...layers, emptyLayer(kind)]);
    requestAnimationFrame(() => document.getElementById(fieldId(`spec.evaluation.layers.${layers.length}.name`))?.focus());
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...layers];
    const [layer] = next.splice(index, 1);
    next.splice(index + by, 0, layer);
    onChange(next);
    // Keep the keyboard on the moved layer's button (or its other one once it reaches an end).
    const atEnd = index + by === 0 || index + by === layers.length - 1;
    const button = atEnd ? (by === -1 ? "down" : "up") : by === -1 ? "up" : "down";
    requestAnimationFrame(() => document.getElementById(`layer-${layer.id}-${button}`)?.focus());
  };
  return (
    <div>
      {layers.length > 0 && (
        <ol className="space-y-3">
          {layers.map((layer, index) => (
            <LayerRow
              key={layer.id}
              index={index}
              count={layers.length}
              layer={layer}
              onChange={(changed) => onChange(layers.map((row, at) => (at === index ? changed : row)))}
              onMove={(by) => move(index, by)}
              onRemove={() => onChange(layers.filter((_, at) => at !== index))}
            />
          ))}
        </ol>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-2" role="group" aria-label="Add an evaluation layer">
        {ADD.map(({ kind, label }, index) => (
          <button key={kind} type="button" className="btn btn-sm" {...(index === 0 ? addProps : {})} onClick={() => add(kind)}>
            {label}
          </button>
        ))}
      </div>
      <FieldErrors path="spec.evaluation.layers" />
    </div>
  );
}
