"use client";
// What a running iteration prints, polled every second while it runs (the runner rewrites the tails about
// once a second). Each log follows its end unless the person scrolled up to read.
import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { api } from "@/components/trpc-client";
import type { AgentTranscript } from "@/server/executors/agent-transcript";
import { AgentTranscriptView, DeniedToolCalls } from "./agent-transcript";

type Stream = { stream: string; text: string; updatedAt: string };
const POLL_MS = 1000;

export function LiveOutput({ goal, number }: { goal: string; number: number }) {
  const router = useRouter();
  const [streams, setStreams] = useState<Stream[]>([]);
  const [transcript, setTranscript] = useState<AgentTranscript | null>(null);
  const [running, setRunning] = useState(true);
  const [trouble, setTrouble] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const live = await api.iterations.live.query({ name: goal, number });
        if (stopped) return;
        setTrouble(false);
        setStreams(live.streams);
        setTranscript(live.transcript);
        if (live.phase !== "Running") {
          // Finished: the page's own sections now hold the full output.
          setRunning(false);
          router.refresh();
          return;
        }
      } catch {
        if (stopped) return;
        setTrouble(true);
      }
      timer = setTimeout(poll, POLL_MS);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [goal, number, router]);

  return (
    <div data-testid="live-output" data-running={running} className="space-y-3">
      <p className="flex items-center gap-2 text-sm" aria-live="polite">
        {running && <span aria-hidden className="inline-block h-2 w-2 animate-pulse rounded-full bg-blue-500" />}
        <span className="muted">
          {!running
            ? "Finished; loading the results…"
            : trouble
              ? "Could not reach the server; retrying every second…"
              : streams.length === 0
                ? "Waiting for output…"
                : "Streaming while it runs"}
        </span>
      </p>
      {transcript && (
        <div data-testid="live-transcript" className="space-y-3">
          <DeniedToolCalls denials={transcript.denials} />
          <AgentTranscriptView transcript={transcript} />
        </div>
      )}
      {streams.map((stream) => (
        <LogTail key={stream.stream} stream={stream} />
      ))}
    </div>
  );
}

function LogTail({ stream }: { stream: Stream }) {
  const box = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  useLayoutEffect(() => {
    if (following.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [stream.text]);
  return (
    <section data-stream={stream.stream}>
      <h3 className="mb-1 flex items-baseline gap-2 text-xs font-medium text-slate-600 dark:text-slate-300">
        {stream.stream === "agent" ? "Agent" : `Layer ${stream.stream}`}
      </h3>
      <pre
        ref={box}
        tabIndex={0}
        aria-label={`${stream.stream} output`}
        onScroll={(event) => {
          const el = event.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="max-h-96 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 whitespace-pre-wrap text-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:bg-black/60"
      >
        {stream.text || " "}
      </pre>
    </section>
  );
}
