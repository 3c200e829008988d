import type { JournalTexts } from '../../shared/contract/index.js';

/** English texts of the sync journal's details, the same keys and parameters as journal.zh-CN.ts. */
export const journalEn: JournalTexts = {
  pull: {
    page: 'page of {{changes}} changes ({{unchanged}} unchanged, {{cancelled}} cancelled, {{flagged}} flagged), {{progress}}',
    pageFromStart: 'from the start: page of {{changes}} changes ({{unchanged}} unchanged, {{cancelled}} cancelled, {{flagged}} flagged), {{progress}}',
    moreToCome: 'more to come',
    caughtUp: 'caught up',
    notWritten:
      'page received but not written to this workstation’s database ({{message}}); the cursor stays and the next sync fetches it again. If it keeps happening, check the disk space and read the core log',
    cursorExpired: 'cursor expired: reloading every task from the start (drafts and results kept)',
    cursorExpiredGivingUp: 'cursor expired {{reloads}} times in one pull; giving up for now (sync tries again by itself; if it keeps failing, call the single window’s operators)',
    retrying: '{{reason}}; retrying in {{seconds}} s',
    failed: 'pulling tasks failed: {{reason}}',
  },
  push: {
    delivered: 'result {{resultId}} (task {{taskId}}) delivered',
    replay: 'result {{resultId}} (task {{taskId}}) already there (replay, not recorded twice)',
    uploadingAgain: 'result {{resultId}}: {{missing}}; uploading {{count}} attachment(s) again',
    attachmentMissing: 'result {{resultId}}: {{missing}}; resolve the result on the Sync screen (add the attachment again, or withdraw)',
    conflict: 'result {{resultId}} (task {{taskId}}) in conflict: the task changed in the single window ({{why}}); rebase or withdraw it on the Sync screen',
    conflictWithTask:
      'result {{resultId}} (task {{taskId}}) in conflict: the task changed in the single window ({{why}}), now version {{version}}, {{status}}; rebase or withdraw it on the Sync screen',
    rejected: 'result {{resultId}} refused by the single window: {{detail}} ({{count}} field error(s)); edit and submit it again, or withdraw it, on the Sync screen',
    failed: 'result {{resultId}} not sent: {{reason}}',
  },
  assignment: {
    delivered: 'dispatch {{assignmentId}} of task {{taskId}} delivered',
    conflict: 'dispatch {{assignmentId}} of task {{taskId}} in conflict: the task changed in the single window ({{why}}); dispatch it again',
    rejected: 'dispatch {{assignmentId}} of task {{taskId}} refused by the single window: {{detail}}',
    failed: 'dispatch {{assignmentId}} of task {{taskId}} not sent: {{reason}}',
  },
  attachment: {
    stored: 'attachment {{sha256}} of result {{resultId}} ({{bytes}} bytes) stored',
    alreadyStored: 'attachment {{sha256}} of result {{resultId}} ({{bytes}} bytes) already stored',
    failed: 'attachment {{sha256}} of result {{resultId}} not uploaded: {{reason}}',
  },
  reference: {
    unchanged: 'reference data unchanged (version {{version}})',
    unchangedNoVersion: 'reference data unchanged (no version here yet)',
    stored: 'reference data version {{version}} stored: {{ports}} ports, {{checklists}} checklists, {{findingCodes}} finding codes',
    failed: 'reference data not refreshed (the cached copy stays in use): {{reason}}',
  },
  signIn: {
    ok: 'signed in as operator {{operatorId}} until {{until}}',
    refused: 'the gateway refused the sign-in of operator {{operatorId}}; an administrator should check the operator ID and password in Settings',
    refusedWithReason: 'the gateway refused the sign-in of operator {{operatorId}} ({{reason}}); an administrator should check the operator ID and password in Settings',
    failed: 'signing in to the gateway failed: {{reason}}',
  },
  failure: {
    transport: 'the single window cannot be reached ({{message}}); check the network and the gateway address in Settings (sync tries again by itself)',
    timeout: 'the single window did not answer in time ({{message}}); sync tries again by itself (if it keeps happening, check the network)',
    invalidBody: 'the single window’s answer was unreadable (HTTP {{status}}: {{message}}); sync tries again by itself (if it keeps happening, call the single window’s operators)',
    tooLarge: 'the single window’s answer was too large (HTTP {{status}}) and was not read; call the single window’s operators',
    credentials: 'the single window refused the sign-in; an administrator should check the operator ID and password in Settings',
    http: 'the single window answered HTTP {{status}} {{code}}',
    httpWithProblem: 'the single window answered HTTP {{status}} {{code}}: {{problem}}',
    unexpected: 'unexpected error on this workstation ({{message}}); read the core log, and call the administrator if it keeps happening',
  },
};
