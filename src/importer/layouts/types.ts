/** One table row as a page publishes it, before any interpretation. */
export interface PageRow {
  /** The status cell: a number, or undefined where the page leaves it blank or has no status column. */
  status: number | undefined;
  /** Every status the cell names, when it names more than one (`400/500`, `404 / 500`); `status` is the first. */
  statuses?: number[];
  /** The code cell as published (`IMG.0001`, `1100`, or `Others` for a fallback row). */
  code: string;
  /** The message cell; empty where the table has no message column (the importer then uses the description). */
  message: string;
  description: string;
  /** The handling measure; empty where the page writes `-`. */
  measure: string;
  /** 1-based line of the row's code cell in the page, for error messages and `sources`. */
  line: number;
  /**
   * The row's Module / Category / Service cell, where the table has one: blank cells are filled down from the row
   * above, as the page means them (`Creating a VPC`, `Querying a VPC`).
   */
  group?: string;
  /** The caption of the table the row is in (`V3 error codes`), when the page captions its tables. */
  table?: string;
}

/** What a layout reader gets out of a page. */
export interface PageTable {
  rows: PageRow[];
  title?: string;
  updated?: string;
}

/** Something in a page that a reader could not make sense of, with the line to look at. */
export interface PageProblem {
  line: number;
  message: string;
}

/**
 * A reader for one way of laying out an error-code table. Add a layout by writing one of these and listing it in
 * `layouts/index.ts`.
 */
export interface Layout {
  /** Stable name, recorded in the catalog's `pages` so a re-import uses the same reader. */
  readonly name: string;
  /** How sure the reader is that `text` is in its layout: 0 (not at all) to 1 (certain). */
  detect(text: string): number;
  /** Reads every table row in the page; rows it cannot read go to `problems`, never silently dropped. */
  read(text: string): { table: PageTable; problems: PageProblem[] };
}
