import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/catalog.ts';
import { entry, serviceFile } from '../engine/shared.ts';

const catalog = buildCatalog([
  serviceFile('eip', 'Elastic IP (EIP)', [entry('VPC.0521', 'Quota exceeded.')], { hosts: ['eip', 'vpc'] }),
  serviceFile('vpc', 'Virtual Private Cloud (VPC)', [entry('VPC.0521', 'Quota exceeded.')], {
    hosts: ['vpc'],
    owns: ['VPC'],
  }),
  serviceFile('as', 'Auto Scaling (AS)', [entry('AS.0001', 'The AS group does not exist.')], { hosts: ['as'] }),
  serviceFile('functiongraph', 'FunctionGraph', [entry('FSS.0001', 'The function does not exist.')], {
    hosts: ['functiongraph'],
  }),
]);
const named = (text: string) => catalog.servicesNamedIn(text).map((s) => s.id);

describe('Catalog.servicesNamedIn', () => {
  it.each([
    ['bandwidth update for the EIP fails', ['eip']],
    ['releasing the eip fails', ['eip']],
    ['an error from the VPC API', ['vpc']],
    ['functiongraph says the function is gone', ['functiongraph']],
    ['the AS group is in cooldown', ['as']],
  ])('finds the services %j names', (text, services) => {
    expect(named(text)).toEqual(services);
  });

  it('reads a short name that is also a word ("as") only in capitals', () => {
    expect(named('released as planned')).toEqual([]);
  });

  it("takes neither a code's prefix nor a host's label as a name", () => {
    expect(named('VPC.0521 at https://vpc.eu-de.example.com')).toEqual([]);
  });

  it('reads only the head of a long text', () => {
    expect(named(`${'x '.repeat(2000)}EIP`)).toEqual([]);
  });
});
