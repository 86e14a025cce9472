// Whether a stored text still gives a secret away, decoded every way a reader could try, independently of
// how the mask finds it: raw, with colour codes taken out, with lines joined, URL-decoded, JSON-unescaped (once or twice), and
// every run of base64, base64url or hex decoded at every alignment. Returns the ways that reveal it.
export function revealsSecret(text: string, secret: string): string[] {
  const secretBytes = Buffer.from(secret, "utf8");
  const ways: string[] = [];
  const readings: [string, string][] = [
    ["raw", text],
    ["without colour codes", stripEscapes(text)],
    ["with lines joined", stripEscapes(text).replace(/\r?\n/g, "")],
  ];
  for (const [how, reading] of readings) {
    if (reading.includes(secret)) ways.push(how);
    if (urlDecoded(reading).includes(secret) || urlDecoded(reading.replaceAll("+", " ")).includes(secret)) ways.push(`URL-decoded (${how})`);
    if (jsonUnescaped(reading).includes(secret) || jsonUnescaped(jsonUnescaped(reading)).includes(secret)) ways.push(`JSON-unescaped (${how})`);
    if (decodesTo(reading, /[A-Za-z0-9+/]{4,}/g, 4, (run) => Buffer.from(run, "base64"), secretBytes)) ways.push(`base64 (${how})`);
    if (decodesTo(reading, /[A-Za-z0-9_-]{4,}/g, 4, (run) => Buffer.from(run, "base64url"), secretBytes)) ways.push(`base64url (${how})`);
    if (decodesTo(reading, /[0-9a-fA-F]{4,}/g, 2, (run) => Buffer.from(run.slice(0, run.length - (run.length % 2)), "hex"), secretBytes))
      ways.push(`hex (${how})`);
  }
  return ways;
}

function stripEscapes(text: string): string {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

function urlDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replaceAll("%", ""), "hex").toString("utf8"));
}

function jsonUnescaped(text: string): string {
  const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
  return text.replace(/\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g, (_, hex: string | undefined, char: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : simple[char!],
  );
}

// Each run of the alphabet, decoded from each of its first `period` characters on.
function decodesTo(text: string, runs: RegExp, period: number, decode: (run: string) => Buffer, secret: Buffer): boolean {
  for (const [run] of text.matchAll(runs)) {
    for (let offset = 0; offset < period; offset += 1) {
      if (decode(run.slice(offset)).includes(secret)) return true;
    }
  }
  return false;
}
