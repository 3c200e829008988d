import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sectionHeadingId, sectionShortcut, type SectionName } from './sections.js';

/** One numbered section of the form; its heading takes focus for Alt+n and the missing list's "go to". */
export function Section({ name, children }: { name: SectionName; children: ReactNode }) {
  const { t } = useTranslation();
  const headingId = sectionHeadingId(name);
  return (
    <section className="inspection__section" aria-labelledby={headingId} data-testid={`section-${name}`}>
      <h3 id={headingId} tabIndex={-1} className="inspection__section-title">
        {t(`inspection.sections.${name}`)} <kbd className="inspection__kbd">{sectionShortcut(name)}</kbd>
      </h3>
      {children}
    </section>
  );
}
