import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { FEEDBACK_IDS, type FeedbackModalMetadata, validateFeedbackForm } from '../../blocks/feedback.ts';
import type { ListenerDeps } from '../../deps.ts';
import { languageWithin } from '../../locale.ts';
import { readMetadata } from './ticket.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function isMetadata(value: unknown): value is FeedbackModalMetadata {
  return typeof value === 'object' && value !== null && typeof (value as FeedbackModalMetadata).answerId === 'string';
}

/** The 👎 form, sent: the expected code and the note are added to that person's 👎 (a malformed code is said inline). */
export function submitFeedback(deps: ListenerDeps) {
  return async ({ ack, view, body }: Args): Promise<void> => {
    const values = view.state.values;
    const form = {
      expected: values[FEEDBACK_IDS.expected]?.[FEEDBACK_IDS.expected]?.value ?? undefined,
      note: values[FEEDBACK_IDS.note]?.[FEEDBACK_IDS.note]?.value ?? undefined,
    };
    const errors = validateFeedbackForm(form, await languageWithin(deps.language, body.user.id));
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const metadata = readMetadata(view);
    if (!isMetadata(metadata)) return;
    const explained = await deps.feedback.explain(metadata.answerId, body.user.id, form.expected, form.note);
    if (!explained) deps.logger.info(`feedback on ${metadata.answerId} by ${body.user.id}: no 👎 to explain`);
  };
}
