import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServiceFile, stringifyServiceFile } from '../src/catalog/file.ts';
import { runImport } from '../src/cli/import.ts';
import { processIo } from '../src/cli/io.ts';
import { emptyServiceFile } from '../src/importer/merge.ts';

const catalogDir = 'catalog';
const sources = readFileSync('catalog/pages/otc/SOURCES.tsv', 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((l) => l.split('\t'));
const pageOf = (repo: string) =>
  sources.filter((s) => s[0] === repo).map((s) => `catalog/pages/otc/${s[0]}--${(s[1] as string).replace(/\//g, '_')}`);
const write = (
  id: string,
  curated: { name: string; hosts: string[]; owns: string[]; aliases: Record<string, string> },
) => {
  const path = join(catalogDir, `${id}.yaml`);
  const base = existsSync(path)
    ? (parseServiceFile(path, readFileSync(path, 'utf8')).data ?? emptyServiceFile(id))
    : emptyServiceFile(id);
  writeFileSync(path, stringifyServiceFile({ ...base, ...curated }));
};
const imp = (page: string, service: string, extra: { only?: string[]; except?: string[] } = {}) => {
  const code = runImport({ page, service, catalogDir, ...extra }, processIo);
  if (code !== 0) throw new Error(`import failed: ${page} → ${service}`);
};
for (const line of readFileSync('/work/scratch/services.tsv', 'utf8').split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [id = '', name = '', hosts = '', owns = '', aliases = '', repos = ''] = line.split('\t');
  write(id, {
    name,
    hosts: hosts ? hosts.split(',') : [],
    owns: owns ? owns.split(',') : [],
    aliases: Object.fromEntries(aliases ? aliases.split(',').map((a) => a.split('=') as [string, string]) : []),
  });
  for (const repo of repos.split(',')) for (const page of pageOf(repo)) imp(page, id);
}
// The API Gateway's runtime codes from the Image Search page belong to API Gateway.
imp('catalog/pages/image-search-error-codes.en.txt', 'apig', { only: ['APIG'] });
write('image-search', { name: 'Image Search (IS)', hosts: ['imagesearch'], owns: [], aliases: {} });
imp('catalog/pages/image-search-error-codes.en.txt', 'image-search', { except: ['APIG'] });
write('ims', { name: 'Image Management Service (IMS)', hosts: ['ims'], owns: [], aliases: {} });
for (const p of pageOf('image-management-service')) imp(p, 'ims');
write('iam', { name: 'Identity and Access Management (IAM)', hosts: ['iam'], owns: [], aliases: {} });
for (const p of pageOf('identity-access-management')) imp(p, 'iam');
