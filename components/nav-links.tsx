"use client";
// The main navigation; the current section is marked for sight and for screen readers.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useLiveStatus } from "./live-events";

export function NavLinks({ pendingApprovals }: { pendingApprovals: number }) {
  const pathname = usePathname();
  const links = [
    { href: "/", label: "Board", active: pathname === "/" },
    { href: "/fleet", label: "Fleet", active: pathname.startsWith("/fleet") },
    { href: "/approvals", label: "Approvals", active: pathname.startsWith("/approvals"), count: pendingApprovals },
    { href: "/insights", label: "Insights", active: pathname.startsWith("/insights") },
    { href: "/runners", label: "Runners", active: pathname.startsWith("/runners") },
    { href: "/settings", label: "Settings", active: pathname.startsWith("/settings") },
  ];
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link.active ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-blue-600 ${link.active ? "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800"}`}
        >
          {link.label}
          {link.count !== undefined && link.count > 0 && (
            <span
              data-testid="approvals-count"
              className="ml-1.5 rounded-full bg-amber-500 px-1.5 py-0.5 text-xs font-semibold text-white tabular-nums"
              aria-label={`${link.count} waiting`}
            >
              {link.count}
            </span>
          )}
        </Link>
      ))}
    </nav>
  );
}

export function LiveIndicator() {
  const status = useLiveStatus();
  const colour = status === "live" ? "bg-emerald-500" : status === "connecting" ? "bg-slate-400" : "bg-amber-500 animate-pulse";
  const label = status === "live" ? "Live" : status === "connecting" ? "Connecting" : "Reconnecting";
  return (
    <span
      className="flex items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400"
      role="status"
      title="Updates arrive as they happen, without reloading"
    >
      <span className={`h-2 w-2 rounded-full ${colour}`} aria-hidden />
      {label}
    </span>
  );
}
