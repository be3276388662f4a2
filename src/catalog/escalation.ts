import type { Escalation } from './schema.ts';

/** Phrases that send the user to the vendor's support, in the pages' English and Chinese wording. */
const SUPPORT =
  /\b(?:contact(?:ing)? (?:the )?(?:huawei cloud |technical |customer |o&m )*(?:support|service|engineers?)|submit (?:a )?(?:service )?ticket)|联系(?:技术支持|客服|运维)|提交工单/i;
/** A support phrase offered as one alternative ("Check the request or contact technical support"). */
const ALTERNATIVE = /(?:\bor|或(?:者)?|或请)\s*$/i;

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.。;；!！])\s*|\n+/)
    .map((s) => s.replace(/^[\s•\-\d.)]+/, '').trim())
    .filter((s) => s.length > 1);
}

/**
 * Derives the escalation class from a handling measure: `required` when all it says is to contact support or
 * submit a ticket, `suggested` when support is one option among others, `none` otherwise.
 */
export function deriveEscalation(...measures: (string | undefined)[]): Escalation {
  const text = measures.find((m) => m && m.trim() !== '' && m.trim() !== '-');
  if (!text) return 'none';
  let support = false;
  let other = false;
  for (const sentence of sentences(text)) {
    const hit = SUPPORT.exec(sentence);
    if (!hit) {
      other = true;
      continue;
    }
    support = true;
    const before = sentence.slice(0, hit.index);
    if (ALTERNATIVE.test(before)) other = true;
  }
  if (!support) return 'none';
  return other ? 'suggested' : 'required';
}
