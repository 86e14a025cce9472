import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import pg from "pg";
import { isConnectionError, isUniqueViolation } from "../../server/queue/lease";

// A runner whose connections are all busy (a starved machine) waits for one; that is no fault of the goal it works
// on, so the error must read as a connection problem (waited for and retried), never as the goal's own error.
test("a wait for a pool connection that runs out reads as a connection problem, as a refused connection does", async () => {
  const silent = net.createServer(() => {}); // accepts, never answers: the pool's wait runs out
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const port = (silent.address() as net.AddressInfo).port;
  // One connection, taken (its own connect still waits); the next caller's wait for one runs out.
  const pool = new pg.Pool({ host: "127.0.0.1", port, user: "x", database: "x", connectionTimeoutMillis: 100, max: 1 });
  void pool.connect().catch(() => {});
  const waited = await pool.connect().catch((error: Error) => error);
  assert.ok(waited instanceof Error);
  assert.ok(isConnectionError(waited), `classified: ${waited.message}`);
  await pool.end().catch(() => {});
  silent.close();

  const refused = await new pg.Client({ host: "127.0.0.1", port: 1, user: "x", database: "x" }).connect().catch((error: Error) => error);
  assert.ok(refused instanceof Error && isConnectionError(refused), "a refused connection too");
  assert.equal(isConnectionError(new Error('null value in column "name" violates not-null constraint')), false, "a statement's own error is not");
});

// After a lost connection a unique key's refusal means "the first try may have committed"; a connection error whose
// text holds 23505 (Postgres's code for it) as a port must still read as what it is, and be retried.
test("a connection refused on port 23505 is a connection problem, not a unique key's refusal", async () => {
  const refused = await new pg.Client({ host: "127.0.0.1", port: 23505, user: "x", database: "x" }).connect().catch((error: Error) => error);
  assert.ok(refused instanceof Error && refused.message.includes("23505"), `refused: ${(refused as Error).message}`);
  assert.equal(isUniqueViolation(refused), false);
  assert.ok(isConnectionError(refused));
});
