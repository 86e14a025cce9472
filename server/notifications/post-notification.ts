// One delivery attempt: a JSON POST, a short timeout, no redirects followed (a webhook that moved is a
// failure to look at, not a hop to wherever it points), and at most a short snippet of the answer kept.
// It goes through outboundFetch, so a URL that leads to a private address is refused, for good.
import { outboundFetch, refusalIn } from "../outbound/outbound-fetch";

// final: retrying cannot help (the address is refused), so the delivery fails now.
export type PostResult = { ok: boolean; status: number | null; error: string | null; final?: boolean };

const SNIPPET_BYTES = 200;

export async function postNotification(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  try {
    const response = await outboundFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Setpoint", ...headers },
      body,
      timeoutMs,
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => {});
      return { ok: true, status: response.status, error: null };
    }
    const snippet = await readSnippet(response);
    const redirect = response.status >= 300 && response.status < 400 ? " (a redirect; redirects are not followed)" : "";
    return { ok: false, status: response.status, error: `HTTP ${response.status}${redirect}${snippet ? `: ${snippet}` : ""}` };
  } catch (error) {
    return { ok: false, status: null, ...failureOf(error, timeoutMs) };
  }
}

// A send that got no answer, in words; a refused address is final.
export function failureOf(error: unknown, timeoutMs: number): { error: string; final?: boolean } {
  const refused = refusalIn(error);
  if (refused) return { error: refused.message, final: true };
  const name = (error as Error).name;
  if (name === "TimeoutError" || name === "AbortError") return { error: `no answer within ${timeoutMs / 1000}s` };
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return { error: (error as { code?: string }).code ?? cause?.code ?? cause?.message ?? (error as Error).message };
}

async function readSnippet(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A body cut short still leaves what arrived.
  } finally {
    await reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks)
    .subarray(0, SNIPPET_BYTES)
    .toString("utf8")
    .replace(/\u0000/g, "")
    .replace(/\s+/g, " ")
    .trim(); // Postgres text holds no NUL
  return text.length > 0 && size > SNIPPET_BYTES ? `${text}…` : text;
}
