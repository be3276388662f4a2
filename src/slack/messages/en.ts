import { thousands } from '../../numbers.ts';

/**
 * Everything errcode says in Slack, in English. `zh.ts` says the same in Chinese (same keys, full-width punctuation).
 * Arguments that came from users or the catalog arrive escaped (`safe()`); the texts add only trusted mrkdwn.
 */
export const en = {
  answer: {
    colon: ': ',
    comma: ', ',
    listSeparator: ', ',
    paren: (text: string) => `(${text})`,
    service: 'Service',
    status: 'HTTP status',
    variant: 'Meaning',
    cause: 'Cause',
    measure: 'Handling measure',
    noMeasure: '_The page gives no handling measure._',
    escalation: { required: 'Contact technical support', suggested: 'Support is one of the options' },
    notes: 'Team notes',
    runbook: 'Runbook',
    owner: 'Owner',
    source: 'Source',
    alsoSource: 'Also on',
    citation: (title: string, page: string, row: number) => `${title} (${page}, row ${row})`,
    matched: {
      code: '',
      alias: 'matched by alias',
      message: 'matched by message',
      template: 'matched by message template',
      text: 'matched by words',
      'near-code': 'similar code',
    },
    alsoIn: (names: string) => `also published by ${names}`,
    chosenByHost: (host: string) => `chosen by the API host \`${host}\` in the paste`,
    fromPaste: 'From the paste',
    requestId: 'request id',
    host: 'host',
    region: 'region',
    unknown: (code: string) => `\`${code}\` is not in the errcode catalog.`,
    servicePage: (service: string, pageLink: string) => `Its prefix belongs to *${service}*: ${pageLink}.`,
    servicePageLabel: (service: string) => `the error codes ${service} publishes`,
    serviceNoPage: (service: string) => `Its prefix belongs to *${service}*, whose pages do not list this code.`,
    fallback: (service: string, measure: string) => `*${service}* says for codes it does not list: ${measure}`,
    lookup: (code: string) => `Search for ${code} in the vendor's error-code center`,
    noMatch: 'No error code found in that.',
    noMatchHint: 'Try a code (`IMG.0024`), a message, or paste the whole error body.',
    sharedMessage: (n: number) =>
      `That message is published by ${n} error codes, too many to tell apart: paste the whole error body, with its code.`,
    coverage: (services: number, codes: number, names: string) =>
      `errcode's catalog covers ${thousands(codes)} codes of ${services} services: ${names}.`,
    suggestions: 'Did you mean',
    share: 'Share in channel',
    ticket: 'Open support ticket',
    ticketFor: (code: string, variant?: string) => `Ticket: ${code}${variant ? ` (${variant})` : ''}`,
    up: '👍 Helpful',
    down: '👎 Not right',
    remove: 'Remove this answer',
    removeConfirm: {
      title: 'Remove this answer?',
      text: "errcode's answer is deleted for everyone in the channel, and counted as wrong.",
      confirm: 'Remove',
      deny: 'Keep it',
    },
    sharedBy: (user: string) => `Shared by <@${user}>`,
    truncated: '_The paste was over 1 MB; only the first megabyte was read._',
    more: (n: number) => `${n} more match${n === 1 ? '' : 'es'} not shown.`,
  },
  help: {
    usage: (command: string) => `errcode: ${command} <code | message | pasted error>`,
    intro: (codes: number, services: number) =>
      `*errcode* explains Huawei Cloud API errors from a catalog of ${thousands(codes)} published error codes of ${services} services.`,
    code: 'a code, in any spelling (`img0012`, `APIGW.0301`, `1101`)',
    message: 'a message, or a few words',
    body: 'a whole pasted body, SDK exception or Terraform output',
    mute: 'stop or resume answering pasted errors in this channel',
    elsewhere:
      'Paste an error in a channel errcode is in and it answers in the thread; mention @errcode to ask it anything there. On any message, ⋮ → *Explain this error* for a private answer, or *Open support ticket*.',
    muted: (channel: string, command: string) =>
      `errcode will no longer answer pasted errors in ${channel}. \`${command} unmute\` turns it back on; \`${command}\` and @errcode mentions keep working.`,
    unmuted: (channel: string) => `errcode will answer pasted errors in ${channel} again.`,
  },
  home: {
    title: 'errcode',
    intro: (command: string) =>
      'Explains Huawei Cloud API errors: the code, its cause and the handling measure.\n' +
      `• Type \`${command} IMG.0024\`, a message, or paste a whole error body after \`${command}\`.\n` +
      '• Invite me to a channel and paste errors there: I answer in the thread, once. Mention @errcode to ask anything.\n' +
      '• Or send me a direct message: a code, a message, words or a whole paste.\n' +
      '• On any message: ⋮ → *Explain this error* for a private answer, *Open support ticket* for a ticket.\n' +
      '• 👍/👎 under every answer tell the team what to fix.',
    tickets: (channel: string) => `• "Contact technical support" answers offer a ticket, posted to ${channel}.`,
    noTickets: '• Support tickets are off: no escalation channel is configured.',
    catalog: (codes: number, services: number) => `*Catalog: ${thousands(codes)} codes from ${services} services*`,
    mostAsked: '*Most asked*',
    nothingAsked: '_Nothing asked yet._',
    unknownCodes: '*Asked but not in the catalog* (import these next)',
    noneSoFar: '_None so far._',
    unknownLine: (code: string, count: number, when: string) => `• ${code} ×${count}, last ${when}`,
    feedback: '*Feedback on answers* (👍 · 👎 · removed)',
    noFeedback: '_No feedback yet._',
    feedbackLine: (code: string, up: number, down: number, removed: number) =>
      `• ${code}  👍 ${up} · 👎 ${down} · removed ${removed}`,
    noCode: '_no code_',
    latestDown: '*Latest 👎*',
    downLine: (code: string, user: string, when: string) => `• ${code} by ${user}, ${when}`,
    expected: (code: string) => `expected \`${code}\``,
    answerLink: 'the answer',
  },
  undelivered: {
    title: '*Not delivered* (retry once the cause is fixed)',
    retry: 'Retry',
    in: (channel: string) => ` in ${channel}`,
    more: (n: number) => `…and ${n} more, oldest not shown.`,
    what: {
      post_card: (ticket: string) => `The card of support ticket *${ticket}*`,
      update_card: (ticket: string) => `An update of the card of support ticket *${ticket}*`,
      reply_source: (ticket: string) => `The note about support ticket *${ticket}* in the thread it came from`,
      post_answer: () => "errcode's answer to a message of yours",
      other: () => 'A message errcode owed you',
      yourTicket: 'your ticket',
    },
  },
  notice: {
    retryHint: "Once it is fixed, you can also retry it from errcode's App Home (its Home tab).",
    notPosted: 'could not be posted',
    notMade: 'could not be made',
    in: (channel: string) => ` in ${channel}`,
    sentence: (what: string, verb: string, place: string, fix: string) => `${what} ${verb}${place}. ${fix}`,
    notLetIn: (channel: string) =>
      `errcode is not allowed to post in ${channel}. Fix: invite it there (\`/invite @errcode\` in ${channel}); what is waiting is posted as soon as it is let in.`,
    archived: (channel: string) =>
      `${channel} is archived. Fix: unarchive it, then invite errcode (\`/invite @errcode\`).`,
    channelNotFound:
      'errcode cannot see that channel (deleted, or private without errcode). Fix: invite errcode to it; for ticket cards an admin can also check ERRCODE_ESCALATION_CHANNEL.',
    token: (reason: string) =>
      `Slack no longer accepts errcode's token (\`${reason}\`). Fix: an admin reinstalls errcode to the workspace and updates SLACK_BOT_TOKEN.`,
    gaveUp: 'Slack kept failing for hours, so errcode stopped trying.',
    expired: 'It waited so long that its answer expired: ask again with `/errcode`.',
    noEscalationChannel:
      'No escalation channel is configured. Fix: an admin sets ERRCODE_ESCALATION_CHANNEL and invites errcode there.',
    cannot: (reason: string) => `errcode cannot do it as things stand (\`${reason}\`).`,
    refused: (reason: string) => `Slack refused it (\`${reason}\`).`,
  },
  ticket: {
    modalTitle: 'Support ticket',
    submit: 'Open ticket',
    cancel: 'Cancel',
    close: 'Close',
    cannotPost: (problem: string) => `:warning: *Tickets cannot be posted right now.* ${problem}`,
    asText: "Here is the ticket as text, for the cloud provider's own form:",
    service: 'Service',
    code: 'Error code',
    status: 'HTTP status',
    postedTo: 'Posted to',
    reporter: 'Reporter',
    guidance: 'What the documentation says to do',
    guidanceHint: 'From the catalog, for reference: say below what you actually tried.',
    pasteAttached: (chars: number) => `The error as pasted (${thousands(chars)} characters) goes into the ticket:`,
    title: 'Title',
    message: 'Message as received',
    requestId: 'Request ID',
    requestIdPlaceholder: 'X-Request-Id or request_id from the response',
    region: 'Region or endpoint',
    regionPlaceholder: 'cn-north-4, or the URL that failed',
    when: 'When it happened',
    whenHint: 'In your own time zone; it defaults to now.',
    severity: 'Severity',
    severities: {
      critical: 'Critical — production down',
      high: 'High — production impaired',
      medium: 'Medium — work blocked',
      low: 'Low — question or minor',
    },
    doing: 'What were you doing?',
    doingPlaceholder: 'e.g. creating a full-ECS image from ecs-prod-01 with Terraform',
    tried: 'What have you already tried?',
    triedPlaceholder: 'Anything you tried yourself, and what happened',
    errors: {
      title: 'Give the ticket a title.',
      doing: 'Say what you were doing, in a sentence (at least 10 characters): support will ask.',
      requestId: 'A request ID is letters, digits, dashes and underscores (as in the X-Request-Id header).',
      when: 'Choose the date and time it happened.',
      future: 'That is in the future: choose when it happened.',
      severity: 'Choose a severity.',
      expired: 'This form has expired; ask again with /errcode and open the ticket from the new answer.',
    },
    // The card in the escalation channel.
    open: ':red_circle: *Open*: nobody has taken it yet',
    taken: (user: string) => `:hammer_and_wrench: *Taken* by ${user}`,
    resolved: (user: string, when: string) => `:white_check_mark: *Resolved* by ${user}, ${when}`,
    opened: (when: string) => `opened ${when}`,
    reported: (times: number) => `reported ${times} times`,
    regionEndpoint: 'Region / endpoint',
    whenField: 'When',
    doingField: 'What they were doing',
    triedField: 'Already tried',
    measureField: 'Handling measure (from the documentation)',
    messageField: 'Message as received',
    pasteField: 'The error as pasted',
    pasteCut: (shown: number, total: number) =>
      `_First ${thousands(shown)} of ${thousands(total)} characters: *Copy as text* has it all._`,
    resolution: 'Resolution',
    sourceMessage: 'Source message',
    discuss: 'discuss in this thread',
    take: 'Take it',
    takeOver: 'Take over',
    resolve: 'Resolved',
    reopen: 'Reopen',
    copy: 'Copy as text',
    states: { open: 'open', taken: 'taken', resolved: 'resolved' },
    // Notes in the thread the ticket came from.
    replies: {
      opened: (who: string, ref: string, title: string) =>
        `:ticket: ${who} opened support ticket ${ref}: ${title}. Follow it in the ticket's thread.`,
      linked: (who: string, ref: string, title: string) =>
        `:ticket: This is already being handled as ${ref} (${title}); ${who}'s report was added to it.`,
      taken: (who: string, ref: string) => `:hammer_and_wrench: ${who} took ${ref}.`,
      resolved: (who: string, ref: string) => `:white_check_mark: ${ref} was resolved by ${who}.`,
      resolvedWithNote: (who: string, ref: string, note: string) =>
        `:white_check_mark: ${ref} was resolved by ${who}:\n>${note}`,
      reopened: (who: string, ref: string) => `:arrows_counterclockwise: ${who} reopened ${ref}.`,
    },
    // Resolving: a confirmation with an optional note.
    resolveTitle: (number: string) => `Resolve ${number}`,
    resolveConfirm: (number: string, title: string) => `Mark *${number}* (${title}) resolved?`,
    resolveNote: 'Resolution note (optional)',
    resolveNoteHint: 'Posted in the thread the ticket came from, for the person who reported it.',
    resolveNotePlaceholder: 'e.g. quota raised by the provider; retry the image creation',
    resolveSubmit: 'Resolve',
    // Copy as text.
    markdownTitle: (number: string) => `${number} as text`,
    markdownIntro: "Copy this into the cloud provider's service-ticket form.",
    done: 'Done',
    notMember: (channel: string) => `Only members of ${channel} can change tickets.`,
    unchanged: 'Nothing to change: the ticket is already in that state.',
  },
  feedback: {
    modalTitle: 'What was wrong?',
    intro: 'Thanks: your 👎 is counted. Telling us more is optional and helps fix the catalog.',
    expected: 'The code you expected',
    expectedPlaceholder: 'e.g. IMG.0014',
    note: 'What was wrong',
    notePlaceholder: 'e.g. the measure does not apply to bare-metal servers',
    send: 'Send',
    skip: 'Skip',
    badCode: 'A code is letters, digits, dots, dashes and underscores, such as IMG.0014.',
    thanksUp: 'Thanks for the 👍.',
    thanksDown: 'Thanks: your 👎 is counted.',
    removed: 'Removed. Thanks: it is counted so that the catalog can be fixed.',
    notAllowed: (channel: string) =>
      `Only the person who pasted the error, or people in ${channel}, can remove errcode's answer there.`,
  },
  sorry: {
    generic: ':warning: Sorry, errcode hit a problem answering that. It has been logged; please try again in a moment.',
    expired: 'That answer has expired; ask again with /errcode.',
    expiredTicket: 'That answer has expired; ask again with /errcode to open a ticket.',
    form: (reason: string) =>
      `:warning: Sorry, the form could not open (${reason}). Please click again; if it keeps failing, tell whoever runs errcode.`,
    share: (reason: string) =>
      `:warning: Sorry, errcode could not share the answer here (${reason}). Your private answer is still above.`,
    remove: (reason: string) => `:warning: Sorry, errcode could not remove its answer (${reason}). Please try again.`,
    action: (reason: string) => `:warning: Sorry, that did not work (${reason}). Please try again in a moment.`,
  },
};

/** The shape every language's texts have. */
export type Messages = typeof en;
