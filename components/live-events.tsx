"use client";
// One live stream per tab (browsers allow about 6 connections per origin), shared by every component
// that wants goal events. The stream resumes from the last event id after a reconnect.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { LiveEvent } from "@/server/live/live-event";
import { api } from "./trpc-client";

type Listener = (event: LiveEvent) => void;
export type LiveStatus = "connecting" | "live" | "reconnecting";

const LiveContext = createContext<{ listeners: Set<Listener>; status: LiveStatus }>({ listeners: new Set(), status: "connecting" });

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>()).current;
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    const subscription = api.live.events.subscribe(undefined, {
      onStarted: () => setStatus("live"),
      onData: (tracked) => {
        for (const listener of listeners) listener(tracked.data);
      },
      onConnectionStateChange: (state) => {
        if (state.state === "connecting") setStatus((previous) => (previous === "connecting" ? "connecting" : "reconnecting"));
        if (state.state === "pending") setStatus("live");
      },
      onError: () => setStatus("reconnecting"),
    });
    return () => subscription.unsubscribe();
  }, [listeners]);
  return <LiveContext.Provider value={{ listeners, status }}>{children}</LiveContext.Provider>;
}

// Calls `listener` for every goal event while the component is mounted.
export function useLiveEvents(listener: Listener): void {
  const { listeners } = useContext(LiveContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    const each: Listener = (event) => latest.current(event);
    listeners.add(each);
    return () => void listeners.delete(each);
  }, [listeners]);
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}
