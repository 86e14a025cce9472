// A request the API refuses at its door, before tRPC reads it: answered in tRPC's error shape, so the
// CLI and the dashboard show the words as they show any refusal, and anyone else reads plain JSON.
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

const STATUS = { BAD_REQUEST: 400, FORBIDDEN: 403, PAYLOAD_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415 } as const satisfies Partial<
  Record<TRPC_ERROR_CODE_KEY, number>
>;

export type RefusalCode = keyof typeof STATUS;

export function apiRefusal(code: RefusalCode, message: string, headers: Record<string, string> = {}): Response {
  const httpStatus = STATUS[code];
  const body = { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus } } };
  return Response.json(body, { status: httpStatus, headers: { "cache-control": "no-store", ...headers } });
}
