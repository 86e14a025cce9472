"use client";
// Existing goal names for the dependsOn picker, fetched for what is typed (a prefix), never all at once.
import { useEffect, useState } from "react";
import { api } from "@/components/trpc-client";

export function useGoalNames(prefix: string, exclude: string): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    // A short pause so a word typed fast is one query, not one per letter.
    const timer = setTimeout(() => {
      api.goals.names
        .query({ prefix: prefix.trim(), limit: 50 })
        .then((answer) => {
          if (current) setNames(answer.names.filter((name) => name !== exclude));
        })
        .catch(() => {
          if (current) setNames([]);
        }); // suggestions only: free entry still works
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [prefix, exclude]);
  return names;
}
