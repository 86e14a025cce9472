// The goal's signed certificate of convergence: what was measured on which commit, whether the goal still
// stands behind it, and the file to download and check with `setpoint verify`. Older ones are listed as history.
import Link from "next/link";
import { TimeAgo } from "@/components/ui/time-ago";
import type { CertificateObject } from "@/server/certificates/read-certificates";
import { Row } from "./describe-row";
import { shortSha } from "./format";

const DOWNLOAD_CLASS = "text-blue-700 underline-offset-2 hover:underline dark:text-blue-400";

export function CertificatePanel({ goal, certificates, now }: { goal: string; certificates: CertificateObject[]; now: number }) {
  const [newest, ...older] = certificates;
  return (
    <section className="panel p-4" data-testid="certificate-panel" aria-labelledby="certificate-heading">
      <h2 id="certificate-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        Certificate
      </h2>
      {newest ? <Newest goal={goal} certificate={newest} now={now} /> : <p className="muted text-sm">None yet: one is signed when the goal converges.</p>}
      {older.length > 0 && (
        <div className="mt-4 border-t border-slate-100 pt-3 dark:border-slate-800">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Superseded</h3>
          <ol className="space-y-1 text-xs" data-testid="certificate-history">
            {older.map((certificate) => (
              <li key={certificate.id} className="flex flex-wrap items-baseline gap-x-2">
                <span>#{certificate.document.certificate.iteration.number}</span>
                <code className="code-inline">{shortSha(certificate.document.certificate.commit.sha)}</code>
                <span className="muted">
                  {certificate.supersededReason} <TimeAgo at={certificate.supersededAt ?? certificate.issuedAt} now={now} />
                </span>
                <a className={`ml-auto ${DOWNLOAD_CLASS}`} href={downloadHref(certificate)} download>
                  download
                </a>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function Newest({ goal, certificate, now }: { goal: string; certificate: CertificateObject; now: number }) {
  const { certificate: body, signature } = certificate.document;
  const met = body.targets.map((target) => `${target.metric} = ${target.value ?? "-"}`).join(", ");
  return (
    <>
      <p className="mb-3 text-sm" data-testid="certificate-status" data-current={certificate.current}>
        {certificate.current ? (
          <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">current</span>
        ) : (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-900 dark:text-amber-100">superseded</span>
        )}
        <span className="muted ml-2 text-xs">
          {certificate.current ? (
            <>
              signed <TimeAgo at={certificate.issuedAt} now={now} />
            </>
          ) : (
            <>
              {certificate.supersededReason}, <TimeAgo at={certificate.supersededAt!} now={now} />: the goal no longer stands behind it
            </>
          )}
        </span>
      </p>
      <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-2 text-sm">
        <Row label="Commit">
          <code className="code-inline" title={body.commit.sha} data-testid="certificate-commit">
            {shortSha(body.commit.sha)}
          </code>
          <span className="muted"> tree </span>
          <code className="code-inline" title={body.commit.tree}>
            {shortSha(body.commit.tree)}
          </code>
        </Row>
        <Row label="Iteration">
          <Link className={DOWNLOAD_CLASS} href={`/goals/${encodeURIComponent(goal)}/iterations/${body.iteration.number}`}>
            #{body.iteration.number}
          </Link>
          <span className="muted"> · generation {body.goal.generation}</span>
        </Row>
        <Row label="Measured">
          <span className="text-xs">{met}</span>
        </Row>
        <Row label="Layers">
          <ul className="space-y-0.5 text-xs">
            {body.layers.map((layer) => (
              <li key={layer.name}>
                <span className="font-medium">{layer.name}</span>{" "}
                <span className={layer.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>{layer.ok ? "passed" : "failed"}</span>
                {layer.command && (
                  <>
                    {" "}
                    <code className="code-inline">{layer.command}</code>
                  </>
                )}
                {layer.exitCode !== null && <span className="muted"> exit {layer.exitCode}</span>}
              </li>
            ))}
          </ul>
        </Row>
        <Row label="Files">
          <span className="text-xs">
            {body.measuredFiles.length === 0 ? "no protected paths or hidden checks" : `${body.measuredFiles.length} protected or hidden files hashed`}
          </span>
        </Row>
        <Row label="Maker">
          <span className="font-mono text-xs">
            {body.maker.executor}
            {body.maker.model ? ` · ${body.maker.model}` : ""}
          </span>
        </Row>
        <Row label="Checkers">
          <span className="font-mono text-xs">{body.checkers.map((checker) => `${checker.layer}: ${checker.executor}`).join(", ") || "none"}</span>
        </Row>
        <Row label="Approvals">
          <span className="text-xs">
            {body.approvals.length === 0
              ? "none asked"
              : body.approvals.map((approval) => `${approval.by}, ${approval.at.replace("T", " ").slice(0, 16)} UTC`).join("; ")}
          </span>
        </Row>
        <Row label="Key">
          <code className="code-inline break-all text-xs" title={signature.keyId}>
            {signature.keyId.slice(0, 23)}…
          </code>
        </Row>
      </dl>
      <p className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <a className={`font-medium ${DOWNLOAD_CLASS}`} href={downloadHref(certificate)} download data-testid="certificate-download">
          Download certificate (JSON)
        </a>
        <a className={`text-xs ${DOWNLOAD_CLASS}`} href="/api/certificates/public-key">
          public key
        </a>
      </p>
      <p className="muted mt-1 text-xs">
        Check it anywhere: <code className="code-inline">npx setpoint verify FILE --public-key KEY.pem</code>
      </p>
    </>
  );
}

function downloadHref(certificate: CertificateObject): string {
  return `/api/certificates/${certificate.id}`;
}
