import type { ServiceFile } from '../src/catalog/schema.ts';

/** A deterministic pseudo-random generator (mulberry32), so benchmark catalogs are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Service files of `count` synthetic entries whose messages recombine the real catalog's sentences, so the
 * vocabulary, lengths and placeholders look like the real thing. 100 services of `count / 100` entries each.
 */
export function syntheticServices(real: readonly ServiceFile[], count: number, seed = 42): ServiceFile[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const entries = real.flatMap((f) => f.entries);
  const words = entries.flatMap((e) => e.message.split(/\s+/));
  const services: ServiceFile[] = [];
  const perService = Math.ceil(count / 100);
  for (let s = 0; s < 100 && s * perService < count; s++) {
    const prefix = `SYN${String.fromCharCode(65 + (s % 26))}${Math.floor(s / 26)}`;
    const file: ServiceFile = {
      service: `syn-${s}`,
      name: `Synthetic service ${s} (${prefix})`,
      prefixes: [prefix],
      owns: [],
      aliases: {},
      hosts: [],
      pages: [{ file: `syn-${s}.txt`, lang: 'en', layout: 'pipe-rows' }],
      entries: [],
    };
    for (let i = 0; i < perService && s * perService + i < count; i++) {
      const base = pick(entries);
      const extra = Array.from({ length: 2 + Math.floor(rnd() * 6) }, () => pick(words)).join(' ');
      file.entries.push({
        code: `${prefix}.${String(i + 1).padStart(5, '0')}`,
        status: base.status,
        message: `${base.message} ${extra}`,
        cause: base.cause,
        measure: base.measure,
        escalation: base.escalation,
        sources: [{ page: `syn-${s}.txt`, row: i + 1, line: i + 1 }],
      });
    }
    services.push(file);
  }
  return services;
}
