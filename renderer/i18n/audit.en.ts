import type { auditZh } from './audit.zh-CN.js';

/** English texts of the audit chain's badge, the same keys as audit.zh-CN.ts. */
export const auditEn: typeof auditZh = {
  badge: 'Audit chain: {{state}}',
  line: '{{database}}: {{text}}',
  state: { intact: 'intact', checking: 'checking', broken: 'broken', unknown: 'unknown' },
  database: { real: 'Real database', training: 'Training database' },
  intact: '{{count}} entries intact, last hash {{hash}}…',
  checking: 'checking, {{count}} entries so far',
  unknown: 'The audit chain state cannot be read: {{message}}',
  problem: {
    hash_mismatch: 'entry {{seq}} was changed after it was written',
    prev_hash_mismatch: 'entry {{seq}} does not chain to the one before it (an entry was inserted, or the previous one rewritten)',
    gap: 'entry {{expectedSeq}} is missing (removed)',
    reordered: 'entry {{seq}} is out of place (the log was reordered)',
    malformed: 'entry {{seq}} is malformed',
  },
};
