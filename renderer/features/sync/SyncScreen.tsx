import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/contract/index.js';
import { AttentionList } from './AttentionList.js';
import { FlagsPanel } from './FlagsPanel.js';
import { JournalTable } from './JournalTable.js';
import { ParkedPanel } from './ParkedPanel.js';

/**
 * What needs a person after sync: notices about changed tasks, results to resolve, and the journal.
 * The lists reload when the sync status says their counts moved.
 */
export function SyncScreen({ status }: { status: SyncStatus | null }) {
  const { t } = useTranslation();
  const attentionKey = status ? `${status.conflicts}/${status.resultsWaiting}/${status.lastAttemptAt ?? ''}` : '';
  const flagsKey = status ? String(status.flags) : '';
  const parkedKey = status ? `${status.resultsParked}/${status.gatewayUrl ?? ''}` : '';
  return (
    <section className="sync-screen" aria-label={t('sync.title')}>
      <FlagsPanel refreshKey={flagsKey} />
      <ParkedPanel refreshKey={parkedKey} />
      <AttentionList refreshKey={attentionKey} />
      <JournalTable />
    </section>
  );
}
