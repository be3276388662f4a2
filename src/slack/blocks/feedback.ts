import type { ModalView } from '@slack/types';
import { type AnswerLang, messages } from '../messages/index.ts';
import { LIMITS, truncate } from './text.ts';

/** IDs of the 👎 form: its callback and its inputs' block and action ids. */
export const FEEDBACK_IDS = {
  modal: 'errcode_feedback_modal',
  expected: 'expected_code',
  note: 'note',
} as const;

/** What the 👎 form carries to its submission. */
export interface FeedbackModalMetadata {
  answerId: string;
}

/** Values read back from the 👎 form. */
export interface FeedbackForm {
  expected?: string;
  note?: string;
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: truncate(text, max) });

/** After a 👎: a short, optional form asking which code was expected and what was wrong. */
export function feedbackModal(answerId: string, lang: AnswerLang = 'en'): ModalView {
  const F = messages(lang).feedback;
  const metadata: FeedbackModalMetadata = { answerId };
  return {
    type: 'modal',
    callback_id: FEEDBACK_IDS.modal,
    title: plain(F.modalTitle, LIMITS.modalTitle),
    submit: plain(F.send, 24),
    close: plain(F.skip, 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: F.intro } },
      {
        type: 'input',
        block_id: FEEDBACK_IDS.expected,
        optional: true,
        label: plain(F.expected, 2000),
        element: {
          type: 'plain_text_input',
          action_id: FEEDBACK_IDS.expected,
          max_length: 60,
          placeholder: plain(F.expectedPlaceholder, 150),
        },
      },
      {
        type: 'input',
        block_id: FEEDBACK_IDS.note,
        optional: true,
        label: plain(F.note, 2000),
        element: {
          type: 'plain_text_input',
          action_id: FEEDBACK_IDS.note,
          multiline: true,
          max_length: 1000,
          placeholder: plain(F.notePlaceholder, 150),
        },
      },
    ],
  };
}

/** Field errors of the 👎 form; empty when it is fine (both fields may be left empty). */
export function validateFeedbackForm(form: FeedbackForm, lang: AnswerLang = 'en'): Record<string, string> {
  const code = form.expected?.trim();
  if (code && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(code))
    return { [FEEDBACK_IDS.expected]: messages(lang).feedback.badCode };
  return {};
}
