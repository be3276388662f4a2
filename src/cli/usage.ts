/** The help of each command: what `--help`, `errcode help <command>` and usage errors print. */

const EXIT_STATUS = `Exit status: 0 found, 1 not found, 2 usage error, 3 broken catalog or
unreadable input. For --jsonl: 0 when every line was a JSON string, 2 if not.`;

/** `errcode --help`, `errcode help`. */
export const USAGE = `errcode — explain Huawei Cloud API error codes

Usage:
  errcode <code | words | pasted body>   explain an error (stdin if no argument)
  errcode ticket <code | pasted body>    print a support ticket as Markdown
  errcode import <page> --service <id>   import a published error-code page
  errcode catalog check                  validate every catalog file
  errcode catalog snapshot               compile the catalog for fast starts
  errcode help [command]                 this help, or a command's

Options:
  --json            print the answer as JSON (with errcode's version)
  --jsonl           answer each stdin line (a JSON string), one JSON line each
  --lang <en|zh>    language of causes and measures (default: the question's)
  --catalog <dir>   catalog directory (default: the shipped one, or
                    ERRCODE_CATALOG_DIR)
  -h, --help        this help
  -v, --version     print errcode's version

${EXIT_STATUS}`;

/** `errcode ticket --help`. */
export const TICKET_USAGE = `errcode ticket — a support ticket as Markdown, for the cloud provider's form

Usage:
  errcode ticket <code | pasted body>
  errcode ticket < body.txt               the pasted body on stdin

Prints the ticket when the handling measure is to contact technical support, or
when the service's rule for codes it does not list is to submit a ticket. An
answer that calls for support ends with the exact command to run.

Options:
  --catalog <dir>   catalog directory
  -h, --help        this help

Exit status: 0 ticket printed, 1 nothing calls for support, 2 usage error,
3 broken catalog or unreadable input.`;

/** `errcode import --help`. */
export const IMPORT_USAGE = `errcode import — import a published error-code page into catalog/<id>.yaml

Usage:
  errcode import <page> --service <id> [--layout <name>] [--lang <en|zh>]
                 [--only <P,Q> | --except <P,Q>] [--dry-run]
  errcode import --all [--dry-run]

Reads a page saved under catalog/pages and rebuilds the service's file from it
and the service's other pages: imported fields are rewritten, curated ones
(name, aliases, local:) are kept. --all rebuilds every file from its pages.

Options:
  --service <id>    the service: lowercase letters, digits and dashes
  --layout <name>   force a page layout instead of detecting it
  --lang <en|zh>    force the page language instead of detecting it
  --only <P,Q>      only the rows whose code has one of these prefixes
  --except <P,Q>    every row but those whose code has one of these prefixes
  --all             rebuild every catalog file from its pages
  --dry-run         report what would change, write nothing
  --catalog <dir>   catalog directory
  -h, --help        this help

Exit status: 0 imported, 1 no table read from the page, 2 usage error,
3 unreadable page, broken catalog file or unwritable catalog.`;

/** `errcode catalog check --help`. */
export const CHECK_USAGE = `errcode catalog check — validate every catalog file

Usage:
  errcode catalog check [--catalog <dir>]

Prints each problem as file:line: message.

Exit status: 0 valid, 1 problems found, 2 usage error, 3 unreadable catalog.`;

/** `errcode catalog snapshot --help`. */
export const SNAPSHOT_USAGE = `errcode catalog snapshot — compile the catalog for fast starts

Usage:
  errcode catalog snapshot [--catalog <dir>] [--out <file>]

Checks the catalog, then writes its compiled form and search index, keyed by a
hash of the YAML files and of errcode's code. errcode and the app load it
instead of the YAML while the key matches, and rebuild (and cache) it when it
does not. Default --out: the snapshot shipped with errcode (dist/).

Exit status: 0 written, 1 problems in the catalog, 2 usage error, 3 unwritable.`;

/** Help by command name, for `errcode help <command>`. */
export const COMMAND_USAGE: Record<string, string> = {
  ticket: TICKET_USAGE,
  import: IMPORT_USAGE,
  catalog: CHECK_USAGE,
  check: CHECK_USAGE,
  snapshot: SNAPSHOT_USAGE,
};

/** What follows a usage error: where the help is. */
export function seeHelp(command?: string): string {
  return `Run 'errcode ${command ? `${command} ` : ''}--help' for usage.`;
}
