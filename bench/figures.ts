// What every benchmark prints: a figure per line as it is measured, then one JSON line of them all.
export type Figures = Record<string, number>;

// Figures keep one decimal, or `decimals` (a ratio, two).
export function createFigures(): { figures: Figures; record: (name: string, value: number, unit: string, note?: string, decimals?: number) => void } {
  const figures: Figures = {};
  const record = (name: string, value: number, unit: string, note = "", decimals = 1) => {
    figures[name] = Math.round(value * 10 ** decimals) / 10 ** decimals;
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
