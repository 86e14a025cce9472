// A huge argument is named in an error, not echoed whole.
export function shorten(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value;
}
