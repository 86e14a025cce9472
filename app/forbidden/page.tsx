// Where a page sends someone whose role does not allow it: what was refused, and why.
import Link from "next/link";
import { redirect } from "next/navigation";
import { PERMISSIONS, refusalMessage, roleAllows } from "@/server/auth/roles";
import { requireCaller } from "@/server/web/require-caller";
import { safeReturnPath } from "@/server/web/safe-return-path";

export const dynamic = "force-dynamic";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string; from?: string }> }) {
  const { need, from } = await searchParams;
  const caller = await requireCaller();
  const permission = PERMISSIONS.find((known) => known === need);
  // Nothing was refused (an old link, or the role changed since): back to where they were going.
  if (!permission || roleAllows(caller.role, permission)) redirect(safeReturnPath(from));
  return (
    <div className="mx-auto mt-16 max-w-md">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p role="alert" className="mt-2 text-sm">
        {caller.name}: {refusalMessage(caller.role, permission)}
        {from && (
          <>
            {" "}
            (asked for <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">{from.slice(0, 200)}</code>)
          </>
        )}
      </p>
      <p className="mt-4 text-sm">
        <Link href="/" className="underline">
          Back to the board
        </Link>
        . An admin can change your role with <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">npx setpoint user set-role</code>.
      </p>
    </div>
  );
}
