// An interrupted evaluation throws this, so the runner can tell a cancel or a lost lease from a result.
export class AbortError extends Error {
  override name = "AbortError";
  constructor(message = "the evaluation was interrupted") {
    super(message);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}
