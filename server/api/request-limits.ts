// What one API request may carry and answer. The route refuses more (app/api/trpc/[trpc]/route.ts); the
// CLI and the dashboard's client stay under it. Plain numbers, so the browser bundle can import them.
export const KIB = 1024;
export const MIB = 1024 * KIB;

// The whole body, read as it arrives and refused past this: 500 goals of a few KB each fit many times over.
export const MAX_BODY_BYTES = 8 * MIB;
// Calls in one batched request (`/api/trpc/a,b,c`): the dashboard batches what one render asks for.
export const MAX_BATCH_CALLS = 10;
// goals.list answers a page: at most this many goals, and it stops early once their specs and labels
// pass `bytes` as JSON (always at least one goal), so a page stays a few MB whatever the goals hold.
export const GOALS_PAGE = { default: 100, max: 500, bytes: 2 * MIB } as const;
