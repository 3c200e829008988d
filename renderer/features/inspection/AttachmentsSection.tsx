import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api-context.js';
import { callErrorText } from './answer-text.js';
import { formatBytes, isTooLarge, uploadAttachment } from './attachment-upload.js';
import { removeAt } from './draft-edits.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';

type Upload = { id: string; name: string; bytes: number; received: number; error: string | null };

/**
 * Photos and files, dropped or picked (the file picker offers the camera where the device has one):
 * above 25 MiB refused at once with the reason, otherwise sent in chunks with progress, then listed
 * in the draft by their sha256.
 */
export function AttachmentsSection({ draft, edit }: SectionProps) {
  const { t } = useTranslation();
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);

  const update = (id: string, patch: Partial<Upload>): void => {
    setUploads((previous) => previous.map((upload) => (upload.id === id ? { ...upload, ...patch } : upload)));
  };
  const add = (files: readonly File[]): void => {
    for (const file of files) {
      const id = crypto.randomUUID();
      const upload: Upload = { id, name: file.name, bytes: file.size, received: 0, error: null };
      if (isTooLarge(file)) {
        setUploads((previous) => [...previous, { ...upload, error: t('inspection.attachments.tooLarge', { name: file.name, size: formatBytes(file.size) }) }]);
        continue;
      }
      setUploads((previous) => [...previous, upload]);
      void uploadAttachment(client, file, (received) => update(id, { received }))
        .then((result) => {
          if (!result.ok) {
            update(id, { error: t('inspection.attachments.failed', { name: file.name, reason: callErrorText(t, result.error) }) });
            return;
          }
          setUploads((previous) => previous.filter((candidate) => candidate.id !== id));
          edit((content) => ({ ...content, attachments: [...content.attachments, result.value] }));
        })
        .catch(() => {
          update(id, { error: t('inspection.attachments.failed', { name: file.name, reason: t('inspection.attachments.unreadable') }) });
        });
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setOver(false);
    add([...event.dataTransfer.files]);
  };

  return (
    <Section name="attachments">
      <div
        className={over ? 'inspection__drop inspection__drop--over' : 'inspection__drop'}
        data-testid="attachment-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        {t('inspection.attachments.drop')}{' '}
        <button type="button" className="button button--small" onClick={() => input.current?.click()}>
          {t('inspection.attachments.pick')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept="image/*,video/*,application/pdf,*/*"
          className="inspection__file-input"
          data-testid="attachment-input"
          tabIndex={-1}
          onChange={(event) => {
            add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      {uploads.map((upload) => (
        <p key={upload.id} className={upload.error === null ? 'inspection__muted' : 'inspection__error'} role={upload.error === null ? 'status' : 'alert'} data-testid="attachment-upload">
          {upload.error ?? t('inspection.attachments.uploading', { name: upload.name, percent: upload.bytes === 0 ? 100 : Math.floor((upload.received / upload.bytes) * 100) })}
          {upload.error === null && <progress max={upload.bytes} value={upload.received} />}
        </p>
      ))}
      {draft.attachments.length === 0 && uploads.length === 0 && <p className="inspection__muted">{t('inspection.attachments.empty')}</p>}
      <ul className="inspection__rows">
        {draft.attachments.map((attachment, index) => (
          <li key={attachment.sha256} className="inspection__row" data-testid={`attachment-${index}`}>
            <span>{attachment.name}</span> <span className="inspection__muted">{t('inspection.attachments.size', { size: formatBytes(attachment.bytes) })}</span>
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => edit((content) => ({ ...content, attachments: removeAt(content.attachments, content.attachments.findIndex((a) => a.sha256 === attachment.sha256)) }))}
            >
              {t('inspection.attachments.remove')}
            </button>
          </li>
        ))}
      </ul>
    </Section>
  );
}
