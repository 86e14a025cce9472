// Tokens in https://user:token@host URLs must not end up in logs or in messages people read.
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^@/]+@/i, "$1***@");
}
