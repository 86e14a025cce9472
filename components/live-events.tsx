"use client";
// One live stream per tab (browsers allow about 6 connections per origin), shared by every component
// that wants goal events. It starts from the event id the server rendered the page at (`since`), and
// resumes from the last event id after a reconnect.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { LiveEvent } from "@/server/live/live-event";
import { api } from "./trpc-client";

type Listener = (event: LiveEvent) => void;
export type LiveStatus = "connecting" | "live" | "reconnecting";
type Received = { event: LiveEvent; at: number };

// A page's client components hydrate after the layout's provider has connected (streamed pages
// hydrate last), and after a client navigation they mount after the page was rendered: events of
// those moments are handed to a listener when it mounts.
const CATCH_UP_MS = 3000;
const KEPT = 500;

const LiveContext = createContext<{ listeners: Set<Listener>; recent: Received[]; status: LiveStatus }>({
  listeners: new Set(),
  recent: [],
  status: "connecting",
});

export function LiveEventsProvider({ since, children }: { since: string; children: ReactNode }) {
  const start = useRef(since).current; // later renders (client navigations) keep the stream as it is
  const listeners = useRef(new Set<Listener>()).current;
  const recent = useRef<Received[]>([]).current;
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    const subscription = api.live.events.subscribe(
      { lastEventId: start },
      {
        onStarted: () => setStatus("live"),
        onData: (tracked) => {
          recent.push({ event: tracked.data, at: Date.now() });
          if (recent.length > KEPT) recent.splice(0, recent.length - KEPT);
          for (const listener of listeners) listener(tracked.data);
        },
        onConnectionStateChange: (state) => {
          if (state.state === "connecting") setStatus((previous) => (previous === "connecting" ? "connecting" : "reconnecting"));
          if (state.state === "pending") setStatus("live");
        },
        onError: () => setStatus("reconnecting"),
      },
    );
    return () => subscription.unsubscribe();
  }, [listeners, recent, start]);
  return <LiveContext.Provider value={{ listeners, recent, status }}>{children}</LiveContext.Provider>;
}

// Calls `listener` for every goal event while the component is mounted, starting with those of the
// last few seconds before it mounted.
export function useLiveEvents(listener: Listener): void {
  const { listeners, recent } = useContext(LiveContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const each: Listener = (event) => latest.current(event);
    const since = Date.now() - CATCH_UP_MS;
    for (const received of recent) if (received.at >= since) each(received.event);
    listeners.add(each);
    return () => void listeners.delete(each);
  }, [listeners, recent]);
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}
