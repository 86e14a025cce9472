// One certificate as a file to keep (the goal page's download link): signed in with a session or a token,
// with the read permission. The file is what `setpoint verify` checks.
import { refusalMessage, roleAllows } from "@/server/auth/roles";
import { resolveCaller } from "@/server/auth/resolve-caller";
import { readCertificate } from "@/server/certificates/read-certificates";
import { db } from "@/server/db/client";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const caller = await resolveCaller(db(), request.headers.get("authorization"), request.headers.get("cookie"));
  if (!caller) return answer(401, "sign in first: send an API token as 'Authorization: Bearer <token>', or sign in to the dashboard at /sign-in");
  if (!roleAllows(caller.role, "read")) return answer(403, refusalMessage(caller.role, "read"));
  const id = (await context.params).id;
  if (!UUID.test(id)) return answer(404, "no such certificate: a certificate's id is a UUID");
  const found = await readCertificate(db(), id);
  if (!found) return answer(404, `no certificate ${id}`);
  const { goal, iteration } = found.document.certificate;
  return new Response(`${JSON.stringify(found.document, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // Goal names are DNS labels: nothing in the file name needs quoting.
      "Content-Disposition": `attachment; filename="${goal.name}-generation-${goal.generation}-iteration-${iteration.number}.certificate.json"`,
      "Cache-Control": "no-store",
    },
  });
}

function answer(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status, headers: { "Cache-Control": "no-store" } });
}
