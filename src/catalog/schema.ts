import { z } from 'zod';

/** How strongly an entry's handling measure points at technical support. */
export const ESCALATIONS = ['required', 'suggested', 'none'] as const;
export type Escalation = (typeof ESCALATIONS)[number];

/** Languages a page can be published in; `en` is the catalog's primary language. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

const text = z.string().trim().min(1, 'must not be empty');
const status = z.number().int().min(100).max(599);

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
    status: status.optional(),
    /** Why the team chose `status` (shown to reviewers, not to users). */
    reason: text.optional(),
  })
  .strict();
export type LocalFields = z.infer<typeof localSchema>;

export const entrySchema = z
  .object({
    code: text,
    status,
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

export const pageSchema = z
  .object({
    file: text,
    lang: z.enum(LANGS),
    layout: text,
    title: text.optional(),
    updated: text.optional(),
    url: z.string().url().optional(),
  })
  .strict();
export type PageInfo = z.infer<typeof pageSchema>;

/** What a service does with a code of its own that no row lists (Image Search: "Others" → submit a ticket). */
export const fallbackSchema = z
  .object({
    status: status.optional(),
    measure: text,
    measure_zh: text.optional(),
    escalation: z.enum(ESCALATIONS),
    source: z.object({ page: text, row: z.number().int().positive(), line: z.number().int().positive() }).strict(),
  })
  .strict();
export type Fallback = z.infer<typeof fallbackSchema>;

const prefix = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be letters and digits, starting with a letter');

export const serviceFileSchema = z
  .object({
    service: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    name: text,
    prefixes: z.array(prefix),
    aliases: z.record(prefix, prefix).default({}),
    pages: z.array(pageSchema),
    fallback: fallbackSchema.optional(),
    entries: z.array(entrySchema),
  })
  .strict();
export type ServiceFile = z.infer<typeof serviceFileSchema>;

/** Service-level fields the team curates; an import keeps them as they are. */
export const CURATED_SERVICE_FIELDS = ['name', 'aliases'] as const;
