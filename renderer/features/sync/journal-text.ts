import type { TFunction } from 'i18next';
import type { JournalEntry, JournalMessage, JournalParam } from '../../../shared/contract/index.js';

/**
 * A journal row's detail in the reader's language: the core's message put in words, a parameter
 * that is itself a message (a failure's reason) first. Rows written before messages existed carry
 * their English text only, shown as it is.
 */
export function journalDetail(t: TFunction, entry: Pick<JournalEntry, 'message' | 'detail'>): string {
  return entry.message ? journalText(t, entry.message) : entry.detail;
}

export function journalText(t: TFunction, message: JournalMessage): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries<JournalParam>(message.params)) {
    values[name] = typeof value === 'object' ? journalText(t, value) : value;
  }
  return t(`journalMessage.${message.key}`, values);
}
