"use client";
// The link `npm start` prints carries the token in the URL fragment (never sent to a server or kept
// in its logs); this submits it once, then the fragment is dropped from the address bar.
import { useEffect } from "react";

export function SignInFromLink({ formId }: { formId: string }) {
  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (!token) return;
    history.replaceState(null, "", window.location.pathname + window.location.search);
    const form = document.getElementById(formId) as HTMLFormElement | null;
    const input = form?.elements.namedItem("token") as HTMLInputElement | null;
    if (!form || !input) return;
    input.value = token;
    form.requestSubmit();
  }, [formId]);
  return null;
}
