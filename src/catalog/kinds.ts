/**
 * The catalog's small vocabularies, apart from the schema so that code reading a compiled catalog does not load the
 * YAML validator.
 */

/** How strongly an entry's handling measure points at technical support. */
export const ESCALATIONS = ['required', 'suggested', 'none'] as const;
export type Escalation = (typeof ESCALATIONS)[number];

/** Languages a page can be published in; `en` is the catalog's primary language. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

/** Clouds whose pages the catalog imports: the vendor's own, and the sister cloud that runs the same stack. */
export const CLOUDS = ['huaweicloud', 'otc'] as const;
export type Cloud = (typeof CLOUDS)[number];
