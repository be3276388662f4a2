import type { Answers, StoredAnswer } from '../answers.ts';
import { lookupLink } from '../config.ts';
import { serviceLabel } from '../escalation/draft.ts';
import { type AnswerViewOptions, answerMessage, type SlackMessage } from './blocks/answer.ts';
import { helpMessage } from './blocks/help.ts';
import type { AnswerLang, CatalogCoverage } from './messages/index.ts';

/** How one answer is shown, where it is shown. */
export type Placement = Pick<AnswerViewOptions, 'shareable' | 'removable' | 'sharedBy'>;

/**
 * Renders stored answers for Slack with everything an answer needs besides the engine's answer: what the catalog
 * covers, the vendor's search for an unknown code, the Chinese pages of entries. One renderer serves every place an
 * answer appears (commands, shortcuts, thread answers, shares), so they all say the same.
 */
export class AnswerRenderer {
  private readonly coverage: CatalogCoverage;

  constructor(
    private readonly answers: Answers,
    /** `ERRCODE_LOOKUP_URL`: where a code is searched for; undefined: no search link. */
    private readonly lookupTemplate: string | undefined,
  ) {
    const catalog = answers.catalog;
    const labels = catalog.services.map((s) => serviceLabel(s.name, s.id));
    // A short name two services share (DMS for Kafka and for RocketMQ) is no name: those are named in full.
    const names = catalog.services.map((s, i) =>
      labels.filter((l) => l === labels[i]).length > 1 ? s.name : (labels[i] ?? s.name),
    );
    this.coverage = {
      services: catalog.services.length,
      codes: catalog.codes,
      names: names.sort((a, b) => a.localeCompare(b)),
    };
  }

  /** The catalog's size, for the usage. */
  get size(): { codes: number; services: number } {
    return { codes: this.coverage.codes, services: this.coverage.services };
  }

  /** A stored answer as a message, in `lang`, with its buttons. */
  answer(stored: StoredAnswer, lang: AnswerLang, placement: Placement = {}): SlackMessage {
    const { answer } = stored;
    const code = answer.unknownCode;
    return answerMessage(answer, {
      lang,
      answerId: stored.id,
      ticketable: true,
      coverage: this.coverage,
      ...(code && this.lookupTemplate ? { lookup: lookupLink(this.lookupTemplate, code) } : {}),
      ...(lang === 'zh' ? { sourcesZh: this.answers.sourcesIn(answer, 'zh') } : {}),
      ...placement,
    });
  }

  /** The usage, in `lang`. */
  help(lang: AnswerLang): SlackMessage {
    return helpMessage(this.size, lang);
  }
}
