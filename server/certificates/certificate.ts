// What a certificate of convergence says, as one schema: the builder's output type, what `setpoint verify`
// reads back, and what the API and the goal page show. The signature covers the canonical JSON of
// `certificate` (canonical-json.ts); the envelope around it only names the key and carries the signature.
import { z } from "zod";
import { API_VERSION } from "../spec/goal-spec";

export const CERTIFICATE_FORMAT = "setpoint.dev/certificate/v1";
export const SIGNATURE_ALGORITHM = "Ed25519";

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "must be a full git object id");
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex");
const time = z.iso.datetime({ error: "must be an ISO 8601 time" });
const metrics = z.record(z.string(), z.number());

// An executor as the spec names it: the maker, or a reviewer layer (the checker).
const executorSchema = z.object({ executor: z.string(), model: z.string().nullable(), command: z.string().nullable() });

export const certificatePayloadSchema = z.object({
  format: z.literal(CERTIFICATE_FORMAT, { error: `must be '${CERTIFICATE_FORMAT}' (a format this Setpoint reads)` }),
  id: z.uuid(),
  goal: z.object({ name: z.string(), generation: z.number().int(), specSha256: sha256 }),
  // The converged commit, its tree, and the goal's starting commit (what protected paths are restored to).
  commit: z.object({ sha, tree: sha, base: sha.nullable() }),
  iteration: z.object({ number: z.number().int(), startedAt: time, finishedAt: time, runner: z.string().nullable() }),
  targets: z.array(z.object({ metric: z.string(), target: z.string(), value: z.number().nullable() })),
  layers: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(["run", "policy", "agent"]),
      command: z.string().nullable(), // run layers: the shell command
      parse: z.string().nullable(),
      policy: z.record(z.string(), z.unknown()).nullable(), // policy layers: their rules
      executor: executorSchema.nullable(), // reviewer layers: the checker
      ok: z.boolean(),
      exitCode: z.number().int().nullable(),
      metrics,
      hiddenFailed: z.boolean().nullable(), // visible checks passed while hidden ones failed; null: no hidden checks recorded
    }),
  ),
  // SHA-256 of every protected path and hidden file as measured (empty when the spec has neither).
  measuredFiles: z.array(z.object({ path: z.string(), kind: z.enum(["protected", "hidden"]), sha256 })),
  maker: executorSchema,
  checkers: z.array(executorSchema.extend({ layer: z.string() })),
  // The approvals decide() counted for this convergence, each bound to the commit it approved.
  approvals: z.array(z.object({ iteration: z.number().int(), commit: sha, by: z.string(), at: time, comment: z.string().nullable() })),
  runner: z.string(), // the runner that recorded the convergence and signed
  convergedAt: time,
});

export type CertificatePayload = z.infer<typeof certificatePayloadSchema>;

// The file `setpoint certificate NAME -o json` prints and `setpoint verify FILE` reads.
export const certificateDocumentSchema = z.object({
  apiVersion: z.literal(API_VERSION, { error: `must be '${API_VERSION}'` }),
  kind: z.literal("Certificate", { error: "must be 'Certificate'" }),
  certificate: z.record(z.string(), z.unknown()),
  signature: z.object({
    algorithm: z.literal(SIGNATURE_ALGORITHM, { error: `must be '${SIGNATURE_ALGORITHM}'` }),
    keyId: z.string(),
    value: z.base64({ error: "must be base64" }),
  }),
});

export type CertificateDocument = {
  apiVersion: typeof API_VERSION;
  kind: "Certificate";
  certificate: CertificatePayload;
  signature: { algorithm: typeof SIGNATURE_ALGORITHM; keyId: string; value: string };
};
