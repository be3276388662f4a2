import type { Cloud } from '../catalog/schema.ts';

/** Folder under `catalog/pages/` that holds the sister cloud's pages, with their SOURCES.tsv. */
export const OTC_DIR = 'otc';

/** Whose page a file under `catalog/pages/` is, by where it is kept. */
export function cloudOfPage(file: string): Cloud {
  return file.startsWith(`${OTC_DIR}/`) ? 'otc' : 'huaweicloud';
}

/**
 * The published URL of a sister-cloud page, from SOURCES.tsv (repository and path of every page):
 * `https://docs.otc.t-systems.com/<repository>/api-ref/<path below api-ref/source, .rst → .html>`. Undefined when the
 * file is not listed, or its path is not under `api-ref/source/`.
 */
export function otcPageUrl(file: string, sourcesTsv: string): string | undefined {
  const name = file.replace(/^.*\//, '');
  for (const line of sourcesTsv.split(/\r?\n/).slice(1)) {
    const [repo, path] = line.split('\t');
    if (!repo || !path || `${repo}--${path.replace(/\//g, '_')}` !== name) continue;
    const below = /^api-ref\/source\/(.+)\.rst$/.exec(path)?.[1];
    return below ? `https://docs.otc.t-systems.com/${repo}/api-ref/${below}.html` : undefined;
  }
  return undefined;
}
