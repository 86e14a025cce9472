"use client";
import { PageError } from "@/components/ui/page-error";

export default function RunnersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="The runners could not be loaded" error={error} reset={reset} />;
}
