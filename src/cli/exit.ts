/** The CLI's exit statuses, the same for every command (each command's help says what they mean for it). */
export const EXIT = {
  /** Something matched (a ticket printed, the catalog valid). */
  ok: 0,
  /** Nothing matched (nothing to escalate, problems found in the catalog). */
  notFound: 1,
  /** The command line is wrong; the help says how to write it. */
  usage: 2,
  /** A runtime failure: a broken catalog, an unreadable input, an unwritable file. */
  failure: 3,
} as const;
