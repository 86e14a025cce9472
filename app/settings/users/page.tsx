// People who sign in (admin only): add them, change their role, reset a password, remove them.
import type { Metadata } from "next";
import { AddUserForm } from "@/components/settings/add-user-form";
import { UserActions } from "@/components/settings/user-actions";
import { TimeAgo } from "@/components/ui/time-ago";
import { TableHead } from "@/components/ui/table-head";
import { listUsers } from "@/server/auth/users";
import { db } from "@/server/db/client";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const caller = await requireCaller("admin");
  const users = await listUsers(db());
  const now = Date.now();
  return (
    <div className="space-y-6">
      <section className="panel p-4" aria-labelledby="add-user-heading">
        <h2 id="add-user-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Add a person
        </h2>
        <AddUserForm />
      </section>
      <section className="panel overflow-x-auto" aria-labelledby="users-heading">
        <h2 id="users-heading" className="px-4 pb-1 pt-4 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          People ({users.length})
        </h2>
        <table className="w-full text-sm" data-testid="user-table">
          <TableHead columns={["Name", "Role", { label: "Sessions", right: true }, "Added", "Change"]} />
          <tbody>
            {users.map((user) => (
              <tr
                key={user.name}
                data-testid="user-row"
                data-user={user.name}
                className="border-b border-slate-100 align-top last:border-b-0 dark:border-slate-800"
              >
                <td className="px-4 py-3 font-medium">
                  {user.name}
                  {user.name === caller.name && <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span>}
                </td>
                <td className="px-4 py-3" data-testid="user-role">
                  {user.role}
                  {user.disabled && <span className="ml-1.5 text-xs text-red-700 dark:text-red-400">disabled</span>}
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{user.sessions}</td>
                <td className="px-4 py-3 whitespace-nowrap text-slate-500 dark:text-slate-400">
                  <TimeAgo at={user.createdAt} now={now} />
                </td>
                <td className="px-4 py-3">
                  <UserActions name={user.name} role={user.role} isSelf={user.name === caller.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
