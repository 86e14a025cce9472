// The installation's public key for certificates of convergence (PEM), for `setpoint verify --public-key`.
// Answered without a session: a public key is public, and whoever was handed a certificate (an auditor,
// a customer, CI elsewhere) needs it to check one, usually without an account here. It reveals nothing.
import { publicKeyPem, signingKey } from "@/server/certificates/signing-key";

export const dynamic = "force-dynamic";

export function GET() {
  const key = signingKey();
  return new Response(publicKeyPem(key), {
    headers: { "Content-Type": "application/x-pem-file; charset=utf-8", "X-Setpoint-Key-Id": key.keyId, "Cache-Control": "no-cache" },
  });
}
