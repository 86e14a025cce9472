"use client";
// Whether a CSS media query holds, kept current; `serverValue` on the server and while hydrating.
import { useSyncExternalStore } from "react";

// One MediaQueryList per query: React asks for the value on every render, and matchMedia is not free.
const lists = new Map<string, MediaQueryList>();
function listOf(query: string): MediaQueryList {
  let list = lists.get(query);
  if (!list) {
    list = window.matchMedia(query);
    lists.set(query, list);
  }
  return list;
}

export function useMediaQuery(query: string, serverValue: boolean): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = listOf(query);
      list.addEventListener("change", changed);
      return () => list.removeEventListener("change", changed);
    },
    () => listOf(query).matches,
    () => serverValue,
  );
}
