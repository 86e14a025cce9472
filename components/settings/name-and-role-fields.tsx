"use client";
// A name and a role: what both a new person and a new token start with.
import { ROLES, type Role } from "@/server/auth/roles";
import { Field } from "./field";

type Props = {
  id: string;
  name: string;
  role: Role;
  nameHint: string;
  issueFor: (path: string) => string | undefined;
  onName: (name: string) => void;
  onRole: (role: Role) => void;
};

export function NameAndRoleFields({ id, name, role, nameHint, issueFor, onName, onRole }: Props) {
  return (
    <>
      <Field id={`${id}-name`} label="Name" error={issueFor("name")} hint={nameHint}>
        <input className="input" value={name} autoComplete="off" spellCheck={false} onChange={(event) => onName(event.target.value)} />
      </Field>
      <Field id={`${id}-role`} label="Role" error={issueFor("role")}>
        <select className="input" value={role} onChange={(event) => onRole(event.target.value as Role)}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
