"use client";
import { PageError } from "@/components/ui/page-error";

export default function InsightsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="The insights could not be loaded" error={error} reset={reset} />;
}
