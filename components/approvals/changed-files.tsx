// The files an iteration changed, the first few by name; the diff page has them all.
const SHOWN = 6;

export function ChangedFiles({ files, count }: { files: string[]; count: number }) {
  if (count === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">No files changed.</p>;
  const more = count - Math.min(files.length, SHOWN);
  return (
    <ul className="space-y-0.5 text-xs" data-testid="approval-files">
      {files.slice(0, SHOWN).map((file) => (
        <li key={file} className="truncate font-mono text-slate-700 dark:text-slate-300" title={file}>
          {file}
        </li>
      ))}
      {more > 0 && <li className="text-slate-500 dark:text-slate-400">and {more} more</li>}
    </ul>
  );
}
