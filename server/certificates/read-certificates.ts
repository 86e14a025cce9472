// A goal's certificates as the API, the CLI and the goal page show them: newest first, each with whether it
// is current and, once superseded, when and why. The document is the stored signed bytes, as issued.
import type { Certificate, PrismaClient } from "../generated/prisma/client";
import { goalNotFound } from "../goals/user-error";
import type { CertificateDocument } from "./certificate";
import { certificateDocument } from "./sign-certificate";

export type CertificateObject = {
  id: string;
  current: boolean;
  issuedAt: string;
  supersededAt: string | null;
  supersededReason: string | null;
  document: CertificateDocument;
};

export const CERTIFICATES_SHOWN = 20;

export async function readCertificates(db: PrismaClient, name: string, limit = CERTIFICATES_SHOWN): Promise<CertificateObject[]> {
  const goal = await db.goal.findUnique({ where: { name }, select: { id: true } });
  if (!goal) throw goalNotFound(name);
  return readGoalCertificates(db, goal.id, limit);
}

export async function readGoalCertificates(db: PrismaClient, goalId: string, limit = CERTIFICATES_SHOWN): Promise<CertificateObject[]> {
  const rows = await db.certificate.findMany({ where: { goalId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map(toCertificateObject);
}

// One certificate by its id, for a download; null when there is none.
export async function readCertificate(db: PrismaClient, id: string): Promise<(CertificateObject & { goalName: string }) | null> {
  const row = await db.certificate.findUnique({ where: { id }, include: { goal: { select: { name: true } } } });
  return row ? { ...toCertificateObject(row), goalName: row.goal.name } : null;
}

function toCertificateObject(row: Certificate): CertificateObject {
  return {
    id: row.id,
    current: row.supersededAt === null,
    issuedAt: row.createdAt.toISOString(),
    supersededAt: row.supersededAt?.toISOString() ?? null,
    supersededReason: row.supersededReason,
    document: certificateDocument({ payload: row.payload, signature: row.signature, keyId: row.keyId }),
  };
}
