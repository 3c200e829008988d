/** Texts of the supervisor's review (renderer/features/review, the task's results), under `review` in en.ts. */
export const reviewEn = {
  title: 'Review of inspections',
  intro: 'Submitted inspections, oldest first. Endorse one, or return it to its officers with a comment; they read the return on the task. An inspection you took part in is reviewed by another supervisor.',
  loading: 'Reading the inspections waiting for review…',
  loadFailed: 'The inspections waiting for review could not be read.',
  empty: 'No inspection is waiting for review.',
  submitted: 'submitted {{time}} by {{officers}}, {{findings}} finding(s)',
  openTask: 'Open the task',
  own: 'You took part in this inspection: another supervisor reviews it.',
  comment: 'Comment (required to return)',
  endorse: 'Endorse',
  return: 'Return',
  commentNeeded: 'A return needs a comment telling the officers what to do.',
  refused: 'The review was not recorded: {{reason}}',
  decision: {
    endorsed: 'Endorsed by supervisor {{reviewer}} ({{time}})',
    returned: 'Returned by supervisor {{reviewer}} ({{time}})',
  },
};
