// Who a request acts as, for the events it writes: an event whose actor is the caller also names the
// token they came through (data.viaToken), without every domain function taking the token as an argument.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Caller } from "./api-tokens";

const acting = new AsyncLocalStorage<Caller>();

export function actAs<T>(caller: Caller, work: () => T): T {
  return acting.run(caller, work);
}

// The token `actor` acted through in this request, if they are the caller and came with a token.
export function tokenActingAs(actor: string): string | undefined {
  const caller = acting.getStore();
  return caller?.via === "token" && caller.name === actor ? caller.token : undefined;
}
