"use client";
import { PageError } from "@/components/ui/page-error";

export default function ApprovalsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="The approvals could not be loaded" error={error} reset={reset} />;
}
