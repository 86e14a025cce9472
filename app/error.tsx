"use client";
import { PageError } from "@/components/ui/page-error";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError title="This page could not be loaded" error={error} reset={reset} />;
}
