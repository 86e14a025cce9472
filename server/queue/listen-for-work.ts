// Idle runners start queued work within milliseconds of its NOTIFY; runners poll as well, so a lost
// notification costs a second.
import { listenToChannel } from "../db/listen-channel";
import { QUEUE_CHANNEL } from "../events/record-event";

export function listenForWork(url: string, onWake: () => void, log: (line: string) => void): () => Promise<void> {
  // After a (re)connect, anything queued while we were not listening.
  return listenToChannel(url, QUEUE_CHANNEL, { onNotification: onWake, onConnected: onWake, log });
}
