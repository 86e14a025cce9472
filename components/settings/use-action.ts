"use client";
// One mutation from a settings control: busy while it runs, the server's words (and the fields it
// names) when it refuses, and a re-render of the page's server components when it succeeds.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, fieldIssues, type FieldIssue } from "@/components/trpc-client";

export function useAction() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setIssues([]);
    try {
      const result = await work();
      router.refresh();
      return result;
    } catch (caught) {
      setError(errorMessage(caught));
      setIssues(fieldIssues(caught));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  // The server's problem with one field, by its input path.
  const issueFor = (path: string) => issues.find((issue) => issue.path === path)?.message;
  // Whether the refusal belongs beside the form: no field of `paths` shows it already.
  const errorBeside = (paths: string[]) => error !== null && !paths.some((path) => issueFor(path));
  return { busy, error, run, issueFor, errorBeside };
}
