import { z } from 'zod';

import { CLOUDS, ESCALATIONS, LANGS } from './kinds.ts';

export { CLOUDS, type Cloud, ESCALATIONS, type Escalation, LANGS, type Lang } from './kinds.ts';

const text = z.string().trim().min(1, 'must not be empty');
const oneStatus = z.number().int().min(100).max(599);
/** An HTTP status, or the several a page gives for one row (`404/500` → `[404, 500]`). */
const status = z.union([oneStatus, z.array(oneStatus).min(2)], {
  errorMap: () => ({ message: 'must be an HTTP status from 100 to 599, or a list of two or more (`[404, 500]`)' }),
});
export type Status = z.infer<typeof status>;

/** Where an entry was read from. `status`/`message` appear only where this page disagrees with the entry. */
export const sourceRefSchema = z
  .object({
    page: text,
    row: z.number().int().positive(),
    line: z.number().int().positive(),
    status: status.optional(),
    message: text.optional(),
  })
  .strict();
export type SourceRef = z.infer<typeof sourceRefSchema>;

/** Fields the team curates by hand; an import never touches them. */
export const localSchema = z
  .object({
    notes: text.optional(),
    runbook: z.string().url().optional(),
    owner: text.optional(),
    escalation: z.enum(ESCALATIONS).optional(),
    /** The status the team settled on where the pages disagree. */
    status: oneStatus.optional(),
    /** Why the team chose `status` (shown to reviewers, not to users). */
    reason: text.optional(),
  })
  .strict();
export type LocalFields = z.infer<typeof localSchema>;

export const entrySchema = z
  .object({
    code: text,
    /**
     * Which published meaning of the code this is, when one service publishes the code on several rows that differ
     * (`VPC.0101` once per API: `Creating a VPC`, `Querying a VPC`…). Unique per service and code.
     */
    variant: text.optional(),
    status: status.optional(),
    message: text,
    cause: text.optional(),
    measure: text.optional(),
    cause_zh: text.optional(),
    measure_zh: text.optional(),
    escalation: z.enum(ESCALATIONS),
    sources: z.array(sourceRefSchema),
    local: localSchema.optional(),
  })
  .strict();
export type Entry = z.infer<typeof entrySchema>;

const prefix = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*$/, 'must be letters and digits, starting with a letter');

export const pageSchema = z
  .object({
    /** The page's path under `catalog/pages/`. */
    file: text,
    lang: z.enum(LANGS),
    layout: text,
    /** Whose page it is (absent: the vendor's own); the vendor's pages rank first where both publish a code. */
    cloud: z.enum(CLOUDS).optional(),
    title: text.optional(),
    updated: text.optional(),
    /** Where the page is published. Imported for the sister cloud's pages; curated (never guessed) for the others. */
    url: z.string().url().optional(),
    /** Import only the rows whose code has one of these prefixes (a page that also lists another service's codes). */
    only: z.array(prefix).min(1).optional(),
    /** Import every row except those whose code has one of these prefixes (they belong to another service). */
    except: z.array(prefix).min(1).optional(),
  })
  .strict();
export type PageInfo = z.infer<typeof pageSchema>;

/** What a service does with a code of its own that no row lists (Image Search: "Others" → submit a ticket). */
export const fallbackSchema = z
  .object({
    status: oneStatus.optional(),
    measure: text,
    measure_zh: text.optional(),
    escalation: z.enum(ESCALATIONS),
    source: z.object({ page: text, row: z.number().int().positive(), line: z.number().int().positive() }).strict(),
  })
  .strict();
export type Fallback = z.infer<typeof fallbackSchema>;

const hostLabel = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be one DNS label, lowercase');

export const serviceFileSchema = z
  .object({
    service: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    name: text,
    /** Every code prefix of the service's entries (the importer adds new ones). */
    prefixes: z.array(prefix),
    /**
     * Prefixes this service is the home of, where other services publish codes under them too (`APIG` is API
     * Gateway's, though OCR lists some). A code asked for with nothing else to go on answers from its home first.
     */
    owns: z.array(prefix).default([]),
    aliases: z.record(prefix, prefix).default({}),
    /** The first label of the service's API endpoints (`ecs` in `ecs.eu-de.otc.t-systems.com`): a paste's host. */
    hosts: z.array(hostLabel).default([]),
    /**
     * Where the vendor documents the service's error codes, for entries none of whose pages has a known URL (API
     * Gateway's runtime codes come from another service's page). Curated; never guessed.
     */
    docs: z.string().url().optional(),
    pages: z.array(pageSchema),
    fallback: fallbackSchema.optional(),
    entries: z.array(entrySchema),
  })
  .strict();
export type ServiceFile = z.infer<typeof serviceFileSchema>;

/** Service-level fields the team curates; an import keeps them as they are. */
export const CURATED_SERVICE_FIELDS = ['name', 'owns', 'aliases', 'hosts', 'docs'] as const;
