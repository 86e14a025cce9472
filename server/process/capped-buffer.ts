// Keeps at most `limit` bytes of a stream: the head is dropped, the tail kept, and the cut is said in a
// first line. Every output Setpoint stores (agent output, layer logs, live output) is kept this way,
// once, where the command's output is collected.
export const OUTPUT_LIMIT_BYTES = 1024 * 1024;

export class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly limit = OUTPUT_LIMIT_BYTES) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0];
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  get empty(): boolean {
    return this.size === 0 && this.dropped === 0;
  }

  // Postgres text cannot hold NUL, so none is kept; a cut starts at a whole character.
  toString(): string {
    let kept = Buffer.concat(this.chunks);
    let skipped = 0;
    if (this.dropped > 0) {
      while (skipped < Math.min(3, kept.length) && (kept[skipped] & 0xc0) === 0x80) skipped++;
      kept = kept.subarray(skipped);
    }
    const text = kept.toString("utf8").replaceAll("\u0000", "");
    return this.dropped > 0 ? `${cutStatement(this.dropped + skipped, kept.length)}\n${text}` : text;
  }
}

// What a cut tail starts with, for readers that must know where the kept text begins (the secret mask).
export const CUT_STATEMENT = /^\[… [\d.]+ (?:bytes?|KiB|MiB) cut; the last [\d.]+ (?:bytes?|KiB|MiB) follows …\]\n/;

export function cutStatement(droppedBytes: number, keptBytes: number): string {
  return `[… ${formatBytes(droppedBytes)} cut; the last ${formatBytes(keptBytes)} follows …]`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KiB`;
  return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
}

function trim(value: number): string {
  return value.toFixed(1).replace(/\.0$/, "");
}
