// Keeps at most `limit` bytes of a stream: the head is dropped, the tail kept, and the cut is said.
export class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

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

  toString(): string {
    const text = Buffer.concat(this.chunks).toString("utf8");
    return this.dropped > 0 ? `[… ${this.dropped} bytes cut, the last ${this.size} kept …]\n${text}` : text;
  }
}

export function capText(text: string, limit: number): string {
  const buffer = new CappedBuffer(limit);
  buffer.push(Buffer.from(text, "utf8"));
  return buffer.toString();
}
