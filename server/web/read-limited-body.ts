// Reads a request body up to `limit` bytes and stops there: a bigger body is refused without
// buffering the rest of it.
export type LimitedBody = { kind: "read"; bytes: Buffer } | { kind: "too-large" } | { kind: "unreadable" };

export async function readLimitedBody(body: ReadableStream<Uint8Array> | null, limit: number): Promise<LimitedBody> {
  if (!body) return { kind: "read", bytes: Buffer.alloc(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { kind: "read", bytes: Buffer.concat(chunks, size) };
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { kind: "too-large" };
      }
      chunks.push(value);
    }
  } catch {
    // The sender went away or sent a broken stream.
    return { kind: "unreadable" };
  }
}
