// The forms a command may print a secret in, each searched for as it is: the value itself, URL-encoded,
// base64, hex and JSON-escaped in the common spellings, and each line of a multi-line value (a PEM key), since
// a command may print only part of it. The mask (mask-secrets.ts) hides every one it finds.
export function secretForms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const hex = bytes.toString("hex");
  const lines = value.includes("\n") ? value.split(/\r?\n/).map((line) => line.trim()) : [];
  return [value, ...urlEncoded(value), ...base64(bytes, "base64"), ...base64(bytes, "base64url"), hex, hex.toUpperCase(), ...jsonEscaped(value), ...lines];
}

// encodeURIComponent's, one that also encodes !'()* (RFC 3986, Python's quote), and a form body's (+ for a
// space); each with upper- and lower-case hex digits.
function urlEncoded(value: string): string[] {
  const component = encodeURIComponent(value);
  const strict = component.replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  return [component, strict, form].flatMap((encoded) => [encoded, encoded.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase())]);
}

// Base64 of the value alone (padded or not), and, for a value in the middle of a longer encoded stream, the
// characters that depend on the value's bytes only, at each of the three byte alignments it can have there:
// 6-bit characters that straddle a neighbouring byte differ with the neighbour, the ones between do not.
function base64(bytes: Buffer, encoding: "base64" | "base64url"): string[] {
  const whole = bytes.toString(encoding);
  const forms = [whole, whole.replace(/=+$/, "")];
  for (let before = 0; before < 3; before += 1) {
    const encoded = Buffer.concat([Buffer.alloc(before), bytes]).toString(encoding);
    forms.push(encoded.slice(Math.ceil((8 * before) / 6), Math.floor((8 * (before + bytes.length)) / 6)));
  }
  return forms;
}

// As JSON.stringify writes it, then as other encoders do: non-ASCII as \uXXXX (Python's ensure_ascii, in
// either case), '/' as '\/' (PHP), <, > and & as \u003c… (Go), and escaped twice (JSON inside a JSON string).
function jsonEscaped(value: string): string[] {
  const plain = JSON.stringify(value).slice(1, -1);
  const unicode = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  const ascii = plain.replace(/[^\u0000-\u007f]/g, unicode);
  return [
    plain,
    ascii,
    ascii.replace(/\\u([0-9a-f]{4})/g, (_, digits: string) => `\\u${digits.toUpperCase()}`),
    plain.replaceAll("/", "\\/"),
    plain.replace(/[<>&]/g, unicode),
    JSON.stringify(plain).slice(1, -1),
  ];
}
