/**
 * The form's sections in order: Alt+1 … Alt+9 go to them, and the missing list's "go to" finds the
 * section of an issue by the first segment of its path in the draft.
 */
export const sectionNames = ['officers', 'checklist', 'findings', 'seals', 'samples', 'attachments', 'disposition', 'countersign', 'signatures'] as const;
export type SectionName = (typeof sectionNames)[number];

const SECTION_OF_PATH: Readonly<Record<string, SectionName>> = {
  officers: 'officers',
  checklist: 'checklist',
  // The document check's numbers are typed beside its checklist.
  documents: 'checklist',
  findings: 'findings',
  seals: 'seals',
  samples: 'samples',
  attachments: 'attachments',
  disposition: 'disposition',
  outcome: 'disposition',
  recognizes: 'disposition',
  countersign: 'countersign',
  signatures: 'signatures',
};

export function sectionOfPath(path: string): SectionName | null {
  return SECTION_OF_PATH[path.split('.')[0] ?? ''] ?? null;
}

export function sectionHeadingId(name: SectionName): string {
  return `inspection-section-${name}`;
}

/** The shortcut that goes to a section, as shown beside its heading. */
export function sectionShortcut(name: SectionName): string {
  return `Alt+${sectionNames.indexOf(name) + 1}`;
}

/** Moves focus to a section's heading (it is focusable for that; the browser scrolls it into view). */
export function focusSection(root: ParentNode | null, name: SectionName): void {
  root?.querySelector<HTMLElement>(`#${sectionHeadingId(name)}`)?.focus();
}
