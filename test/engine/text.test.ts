import { describe, expect, it } from 'vitest';
import { analyze, phrasePairs, queryWords, tokenize } from '../../src/engine/text.ts';

const terms = (text: string, isCompound?: (joined: string) => boolean) =>
  queryWords(text, isCompound).map((w) => w.terms[0]);

describe('tokenize: chat spellings rewritten as the catalog writes them', () => {
  it.each([
    ["the key pair doesn't exist", ['the', 'key', 'pair', 'does', 'not', 'exist']],
    ["can't release it", ['cannot', 'release', 'it']],
    ["won't delete", ['will', 'not', 'delete']],
    ['the server has to be shut down first', ['the', 'server', 'has', 'to', 'be', 'shutdown', 'first']],
    ['the subnet ran out of IPs', ['the', 'subnet', 'insufficient', 'IPs']],
    ['an SG rule', ['an', 'security', 'group', 'rule']],
    ['the cert expired', ['the', 'certificate', 'expired']],
    ["the bucket isn't there", ['the', 'bucket', 'does', 'not', 'exist']],
  ])('%j', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('keeps an "sg" that is part of a word or code', () => {
    expect(tokenize('SGS-0001 sgx sg.example')).toEqual(['SGS-0001', 'sgx', 'sg', 'example']);
  });

  it.each([
    ['市场镜像删不掉', '无法删除'],
    ['系统盘镜像导不出来', '无法导出'],
    ['私有镜像建不了', '无法创建'],
    ['目标租户跟源租户是同一个', '相同'],
    ['没法共享', '无法'],
  ])('rewrites the Chinese chat form in %j to %j before taking bigrams', (text, canonical) => {
    const bigrams = tokenize(text);
    for (let i = 0; i + 1 < canonical.length; i++) expect(bigrams).toContain(canonical.slice(i, i + 2));
  });
});

describe('compounds written as two words', () => {
  const isCompound = (joined: string) => ['keypair', 'username'].includes(joined);

  it('makes each word of the pair stand for the one word too, in a query', () => {
    const words = queryWords('the key pair is missing', isCompound);
    expect(words.find((w) => w.word === 'key')?.terms).toContain('keypair');
    expect(words.find((w) => w.word === 'pair')?.terms).toContain('keypair');
    expect(words).toHaveLength(3);
  });

  it('indexes the one word beside the two', () => {
    expect(analyze('The user name is taken.', isCompound)).toEqual(expect.arrayContaining(['user', 'name', 'usernam']));
  });

  it('joins nothing the catalog does not write as one word', () => {
    expect(terms('the key pair', () => false)).toEqual(['kei', 'pair']);
    expect(analyze('key pair')).toEqual(['kei', 'pair']);
  });

  it('joins letters only: never a code or a number', () => {
    const all = () => true;
    expect(queryWords('IMG.0012 pair 2024 pair', all).flatMap((w) => w.terms)).not.toContain('img0012pair');
    expect(queryWords('pair 2024', all).flatMap((w) => w.terms)).not.toContain('pair2024');
  });
});

describe('phrasePairs', () => {
  it('hashes neighbouring words as written, stop words kept, each pair once', () => {
    expect(phrasePairs('is being exported, is being exported')).toHaveLength(3);
    expect([...phrasePairs('is being exported')]).toEqual([...phrasePairs('Is being EXPORTED.')]);
  });

  it('tells apart texts that share words but not their order', () => {
    const being = new Set(phrasePairs('The image is being exported.'));
    const cannot = [...phrasePairs('The image cannot be exported.')];
    expect(cannot.filter((p) => being.has(p))).toHaveLength(1); // "the image"
  });
});
