// The project knowledge a prompt carries (spec.context, spec.contextCommand), as the runner gathered it,
// and its prompt section. Pure: the same facts give the same text.
export type ContextFile =
  | { name: string; text: string; totalBytes: number } // text: the first bytes kept, totalBytes: the file's size
  | { name: string; missing: string }; // why it could not be read
export type ContextCommand = { command: string; output: string; exitCode: number | null; timedOut: boolean } | { command: string; notRun: string };
export type ProjectContext = { files: ContextFile[]; command: ContextCommand | null };

export function contextSection(context: ProjectContext | null | undefined): string | null {
  if (!context || (context.files.length === 0 && !context.command)) return null;
  const blocks = context.files.map(fileBlock);
  if (context.command) blocks.push(commandBlock(context.command));
  return `## Project knowledge\nFiles and command output the goal adds to every prompt, as of your starting commit.\n\n${blocks.join("\n\n")}`;
}

function fileBlock(file: ContextFile): string {
  if ("missing" in file) return `### ${file.name}\n(not included: ${file.missing})`;
  const kept = Buffer.byteLength(file.text, "utf8");
  const note = kept < file.totalBytes ? `\n(cut at ${kept} bytes of ${file.totalBytes})` : "";
  return `### ${file.name}\n${fenced(file.text)}${note}`;
}

function commandBlock(command: ContextCommand): string {
  const heading = `### Output of \`${command.command}\``;
  if ("notRun" in command) return `${heading}\n(${command.notRun})`;
  const status = command.timedOut ? " (timed out)" : command.exitCode === 0 ? "" : ` (exit ${command.exitCode ?? "killed"})`;
  return `${heading}${status}\n${command.output.trim() === "" ? "(no output)" : fenced(command.output)}`;
}

function fenced(text: string): string {
  const fence = fenceFor(text);
  return `${fence}\n${text.replace(/\n$/, "")}\n${fence}`;
}

// A fence longer than any backtick run in the text, so a file or log holding ``` cannot close it early.
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}
