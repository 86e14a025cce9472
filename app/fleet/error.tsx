"use client";
import { PageError } from "@/components/ui/page-error";

export default function FleetError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="The fleet could not be loaded" error={error} reset={reset} />;
}
