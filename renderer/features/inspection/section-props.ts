import type { InspectionDraft, TaskDetail } from '../../../shared/contract/index.js';
import type { CachedReference, Inspection } from './use-inspection.js';

/** What every section of the form is given: the draft as shown, its task, and the one way to change it. */
export interface SectionProps {
  draft: InspectionDraft;
  task: TaskDetail;
  reference: CachedReference;
  edit: Inspection['edit'];
}
