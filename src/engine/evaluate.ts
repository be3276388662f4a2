import { z } from 'zod';
import { keyOfCode } from '../catalog/codes.ts';
import { ESCALATIONS } from '../catalog/schema.ts';
import type { Answer } from './answer.ts';
import type { Engine } from './engine.ts';

export const labelledQuerySchema = z
  .object({
    category: z.string().min(1),
    query: z.string(),
    /** The code the top match must have; a list where any of them is right; null where nothing may match. */
    expect: z.union([z.string(), z.array(z.string()).min(2)]).nullable(),
    /** Where several services publish the code: the service the top match must come from. */
    service: z.string().optional(),
    /** Where the service publishes the code with several meanings: the variant the top match must be. */
    variant: z.string().optional(),
    /** A code no page publishes: the answer must name it as unknown (and `expect` is null). */
    unknown: z.string().optional(),
    escalation: z.enum(ESCALATIONS).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((q) => q.unknown === undefined || q.expect === null, { message: 'a query with `unknown` expects null' });
/** One query with the answer a support engineer expects. */
export type LabelledQuery = z.infer<typeof labelledQuerySchema>;

/** Accuracy of one category. */
export interface CategoryScore {
  category: string;
  total: number;
  correct: number;
  accuracy: number;
}

/** What `evaluate` measures. */
export interface Evaluation {
  categories: CategoryScore[];
  overall: { total: number; correct: number; accuracy: number };
  /** Queries labelled "no match" that got a match anyway. */
  falseAnswers: { total: number; wrong: number; rate: number };
  /** Queries with an expected code that got a different code as their top match: confidently wrong. */
  wrongAnswers: { total: number; wrong: number; rate: number };
  escalation: { total: number; agreed: number; rate: number };
  failures: { category: string; query: string; expected: LabelledQuery['expect']; got: string | null; note?: string }[];
}

/** Whether the top match is the expected one; a list means the pages publish one message under several codes. */
function isExpected(q: LabelledQuery, answer: Answer): boolean {
  const top = answer.matches[0];
  if (q.expect === null) {
    if (top) return false;
    return q.unknown === undefined || (!!answer.unknownCode && keyOfCode(answer.unknownCode) === keyOfCode(q.unknown));
  }
  const wanted = Array.isArray(q.expect) ? q.expect : [q.expect];
  return (
    top !== undefined &&
    wanted.some((w) => w.toLowerCase() === top.code.toLowerCase()) &&
    (q.service === undefined || q.service === top.service) &&
    (q.variant === undefined || q.variant === top.variant)
  );
}

/**
 * Runs every labelled query through the engine. A positive is correct when the top match has the expected code; a
 * negative is correct when there is no match at all.
 */
export function evaluate(engine: Engine, queries: readonly LabelledQuery[]): Evaluation {
  const byCategory = new Map<string, CategoryScore>();
  const failures: Evaluation['failures'] = [];
  let positives = 0;
  let wrongAnswers = 0;
  let negatives = 0;
  let falseAnswers = 0;
  let escTotal = 0;
  let escAgreed = 0;
  for (const q of queries) {
    const answer = engine.answer(q.query);
    const top = answer.matches[0];
    const ok = isExpected(q, answer);
    const score = byCategory.get(q.category) ?? { category: q.category, total: 0, correct: 0, accuracy: 0 };
    score.total++;
    if (ok) score.correct++;
    byCategory.set(q.category, score);
    if (!ok) {
      const got = top ? `${top.service}:${top.code}${top.variant ? `#${top.variant}` : ''}` : null;
      const note = !top && answer.unknownCode ? `unknown ${answer.unknownCode}` : undefined;
      failures.push({ category: q.category, query: q.query, expected: q.expect, got, ...(note ? { note } : {}) });
    }
    if (q.expect === null) {
      negatives++;
      if (top) falseAnswers++;
    } else {
      positives++;
      if (top && !ok) wrongAnswers++;
    }
    if (q.escalation && top) {
      escTotal++;
      if (top.escalation === q.escalation) escAgreed++;
    }
  }
  const categories = [...byCategory.values()].map((c) => ({ ...c, accuracy: c.total ? c.correct / c.total : 1 }));
  const total = categories.reduce((n, c) => n + c.total, 0);
  const correct = categories.reduce((n, c) => n + c.correct, 0);
  return {
    categories,
    overall: { total, correct, accuracy: total ? correct / total : 1 },
    falseAnswers: { total: negatives, wrong: falseAnswers, rate: negatives ? falseAnswers / negatives : 0 },
    wrongAnswers: { total: positives, wrong: wrongAnswers, rate: positives ? wrongAnswers / positives : 0 },
    escalation: { total: escTotal, agreed: escAgreed, rate: escTotal ? escAgreed / escTotal : 1 },
    failures,
  };
}
