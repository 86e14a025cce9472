// A keyset cursor for a column: the (lastEventAt, id) of the last card shown, as URL-safe text.
// Never OFFSET: a column of thousands pages in constant time through the (phase, lastEventAt) index.
export type BoardCursor = { at: string; id: string }; // at: ISO time in UTC, millisecond precision

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: { at: Date; id: string }): string {
  return `${cursor.at.toISOString()}_${cursor.id}`;
}

// A cursor mangled by hand is ignored (the column starts from the top) rather than an error page.
export function decodeCursor(text: string | undefined | null): BoardCursor | null {
  if (!text) return null;
  const at = text.indexOf("_");
  if (at < 0) return null;
  const time = new Date(text.slice(0, at));
  const id = text.slice(at + 1);
  if (Number.isNaN(time.getTime()) || !UUID.test(id)) return null;
  return { at: time.toISOString(), id: id.toLowerCase() };
}
