import { foldPrefix, keyWithAliases, parseCode } from './codes.ts';
import type { ParsedFile } from './file.ts';
import type { Problem } from './problems.ts';

/** A parsed file with its path, as `checkFiles` needs it. */
export interface CheckedFile {
  path: string;
  parsed: ParsedFile;
}

/**
 * Checks what a schema cannot: true duplicates (the same service, code and variant twice), a code published with
 * several meanings whose entries are not told apart by `variant`, prefixes, home prefixes and aliases that do not add
 * up, sources naming pages the service does not list, entries no page lists any more, and status conflicts between
 * pages of one cloud that nobody resolved. Codes shared between services are not problems: services publish them.
 */
export function checkFiles(files: readonly CheckedFile[]): Problem[] {
  const problems: Problem[] = files.flatMap((f) => f.parsed.problems);
  const services = new Map<string, string>();
  const homes = new Map<string, { path: string; service: string }>();
  const aliases = new Map<string, { path: string; service: string }>();

  for (const { path, parsed } of files) {
    const data = parsed.data;
    if (!data) continue;
    const at = (p: (string | number)[], message: string) =>
      problems.push({ file: path, line: parsed.lineOf(p), message });
    const expected = path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
    if (data.service !== expected)
      at(['service'], `service "${data.service}" must match the file name "${expected}.yaml"`);
    const other = services.get(data.service);
    if (other) at(['service'], `service "${data.service}" is also defined in ${other}`);
    services.set(data.service, path);

    const own = new Set(data.prefixes.map(foldPrefix));
    data.owns.forEach((prefix, i) => {
      if (!own.has(foldPrefix(prefix))) at(['owns', i], `owns ${prefix}, which is not one of this service's prefixes`);
      const home = homes.get(foldPrefix(prefix));
      if (home) at(['owns', i], `prefix ${prefix} is also owned by service ${home.service} (${home.path})`);
      else homes.set(foldPrefix(prefix), { path, service: data.service });
    });
    for (const [alias, target] of Object.entries(data.aliases)) {
      if (!own.has(foldPrefix(target)))
        at(['aliases', alias], `alias ${alias} points at ${target}, which is not one of this service's prefixes`);
      if (own.has(foldPrefix(alias))) at(['aliases', alias], `alias ${alias} is already a prefix of this service`);
      const clash = aliases.get(foldPrefix(alias));
      if (clash) at(['aliases', alias], `alias ${alias} is also declared by service ${clash.service} (${clash.path})`);
      else aliases.set(foldPrefix(alias), { path, service: data.service });
    }

    const cloudOf = new Map(data.pages.map((p) => [p.file, p.cloud ?? 'huaweicloud']));
    data.pages.forEach((p, i) => {
      if (p.cloud === 'otc' && !p.url) at(['pages', i], `${p.file}: a sister-cloud page needs its url (re-import it)`);
    });
    const seen = new Map<string, { line: number; variant?: string }[]>();
    data.entries.forEach((entry, i) => {
      const parts = parseCode(entry.code);
      const aliased = new Set(Object.keys(data.aliases).map(foldPrefix));
      if (parts?.prefix && !own.has(foldPrefix(parts.prefix)) && !aliased.has(foldPrefix(parts.prefix))) {
        at(['entries', i, 'code'], `${entry.code}: prefix ${parts.prefix} is not listed in prefixes`);
      }
      const line = parsed.lineOf(['entries', i, 'code']);
      const key = keyWithAliases(entry.code, data.aliases);
      const earlier = seen.get(key) ?? [];
      const same = earlier.find((e) => e.variant === entry.variant);
      if (same) {
        const which = entry.variant ? ` variant "${entry.variant}"` : '';
        at(['entries', i, 'code'], `duplicate entry ${entry.code}${which} (also at line ${same.line})`);
      } else if (earlier.length > 0 && (!entry.variant || earlier.some((e) => !e.variant))) {
        at(
          ['entries', i, 'code'],
          `${entry.code} has several entries (also at line ${earlier[0]?.line}): each needs its own variant`,
        );
      }
      seen.set(key, [...earlier, { line, variant: entry.variant }]);

      entry.sources.forEach((s, j) => {
        if (!cloudOf.has(s.page))
          at(['entries', i, 'sources', j, 'page'], `${entry.code}: source page ${s.page} is not listed in pages`);
      });
      if (entry.sources.length === 0) {
        at(['entries', i], `${entry.code}: no page lists this code any more; delete the entry or move its notes`);
      }
      const primaryCloud = cloudOf.get(entry.sources[0]?.page ?? '');
      const statuses = new Set(
        entry.sources
          .filter((s) => cloudOf.get(s.page) === primaryCloud)
          .map((s) => JSON.stringify(s.status ?? entry.status)),
      );
      if (statuses.size > 1 && entry.local?.status === undefined) {
        const values = entry.sources
          .filter((s) => cloudOf.get(s.page) === primaryCloud)
          .map((s) => `${JSON.stringify(s.status ?? entry.status)} in ${s.page}`)
          .join(', ');
        at(
          ['entries', i, 'status'],
          `${entry.code}: the pages disagree on the status (${values}); choose one in local.status and say why in local.reason`,
        );
      }
    });
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
