// The chart's colours, matching the page's Tailwind colours in light and dark mode (uPlot draws on a canvas).
export type ChartPalette = {
  value: string;
  target: string;
  regression: string;
  rejected: string;
  policyFailed: string;
  best: string;
  axis: string;
  grid: string;
};

export function chartPalette(dark: boolean): ChartPalette {
  return dark
    ? {
        value: "#60a5fa",
        target: "#94a3b8",
        regression: "#f87171",
        rejected: "#fbbf24",
        policyFailed: "#e879f9",
        best: "#34d399",
        axis: "#94a3b8",
        grid: "#1e293b",
      }
    : {
        value: "#2563eb",
        target: "#64748b",
        regression: "#dc2626",
        rejected: "#f59e0b",
        policyFailed: "#c026d3",
        best: "#059669",
        axis: "#64748b",
        grid: "#e2e8f0",
      };
}
