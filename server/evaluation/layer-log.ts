// A layer's log is what the command printed (already capped, tail kept, where its output was collected)
// followed by what Setpoint concluded, so the conclusion survives the cap and is marked as not the
// command's own words.
export function layerLog(output: string, notes: string[]): string {
  const printed = output.trimEnd();
  const said = notes.map((note) => `[setpoint] ${note}`);
  return (printed ? [printed, ...said] : said).join("\n");
}
