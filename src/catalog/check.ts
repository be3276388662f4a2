import { codeKey, parseCode } from './codes.ts';
import type { ParsedFile } from './file.ts';
import type { Problem } from './problems.ts';

/** A parsed file with its path, as `checkFiles` needs it. */
export interface CheckedFile {
  path: string;
  parsed: ParsedFile;
}

/**
 * Checks what a schema cannot: duplicate codes within and across files, prefix and alias clashes, status conflicts
 * between pages that nobody resolved, and entries no page lists any more.
 */
export function checkFiles(files: readonly CheckedFile[]): Problem[] {
  const problems: Problem[] = files.flatMap((f) => f.parsed.problems);
  const codes = new Map<string, { path: string; line: number; code: string }>();
  const prefixOwner = new Map<string, { path: string; service: string }>();
  const services = new Map<string, string>();

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

    const own = new Set(data.prefixes.map((p) => p.toLowerCase()));
    data.prefixes.forEach((prefix, i) => {
      const owner = prefixOwner.get(prefix.toLowerCase());
      if (owner) at(['prefixes', i], `prefix ${prefix} is also claimed by service ${owner.service} (${owner.path})`);
      else prefixOwner.set(prefix.toLowerCase(), { path, service: data.service });
    });
    for (const [alias, target] of Object.entries(data.aliases)) {
      if (!own.has(target.toLowerCase()))
        at(['aliases', alias], `alias ${alias} points at ${target}, which is not one of this service's prefixes`);
      if (own.has(alias.toLowerCase())) at(['aliases', alias], `alias ${alias} is already a prefix of this service`);
    }

    const pages = new Set(data.pages.map((p) => p.file));
    data.entries.forEach((entry, i) => {
      const parts = parseCode(entry.code);
      if (!parts) {
        at(['entries', i, 'code'], `"${entry.code}" is not an error code (expected PREFIX.NUMBER or a bare number)`);
        return;
      }
      if (parts.prefix && !own.has(parts.prefix.toLowerCase())) {
        at(['entries', i, 'code'], `${entry.code}: prefix ${parts.prefix} is not listed in prefixes`);
      }
      const key = codeKey(parts);
      const seen = codes.get(key);
      if (seen)
        at(['entries', i, 'code'], `duplicate code ${entry.code} (also ${seen.code} at ${seen.path}:${seen.line})`);
      else codes.set(key, { path, line: parsed.lineOf(['entries', i, 'code']), code: entry.code });
      if (!entry.cause && !entry.cause_zh) at(['entries', i], `${entry.code}: needs a cause (cause or cause_zh)`);
      entry.sources.forEach((s, j) => {
        if (!pages.has(s.page))
          at(['entries', i, 'sources', j, 'page'], `${entry.code}: source page ${s.page} is not listed in pages`);
      });
      if (entry.sources.length === 0) {
        at(['entries', i], `${entry.code}: no page lists this code any more; delete the entry or move its notes`);
      }
      const statuses = new Set(entry.sources.map((s) => s.status ?? entry.status));
      if (statuses.size > 1 && entry.local?.status === undefined) {
        const values = entry.sources.map((s) => `${s.status ?? entry.status} in ${s.page}`).join(', ');
        at(
          ['entries', i, 'status'],
          `${entry.code}: the pages disagree on the status (${values}); choose one in local.status and say why in local.reason`,
        );
      }
    });
  }
  // Aliases may not shadow another service's real prefix.
  for (const { path, parsed } of files) {
    for (const alias of Object.keys(parsed.data?.aliases ?? {})) {
      const owner = prefixOwner.get(alias.toLowerCase());
      if (owner && owner.path !== path) {
        problems.push({
          file: path,
          line: parsed.lineOf(['aliases', alias]),
          message: `alias ${alias} clashes with a prefix of service ${owner.service}`,
        });
      }
    }
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
