// What every benchmark prints: a figure per line as it is measured, then one JSON line of them all.
export type Figures = Record<string, number>;

export function createFigures(): { figures: Figures; record: (name: string, value: number, unit: string, note?: string) => void } {
  const figures: Figures = {};
  const record = (name: string, value: number, unit: string, note = "") => {
    figures[name] = Math.round(value * 10) / 10;
    console.log(`${name.padEnd(28)} ${String(figures[name]).padStart(9)} ${unit}${note ? `   ${note}` : ""}`);
  };
  return { figures, record };
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}
