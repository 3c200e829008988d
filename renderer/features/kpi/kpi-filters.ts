import type { Agency, InspectionType, KpiFilters, TransportMode } from '../../../shared/contract/index.js';
import { rangeProblem, type RangeProblem } from './kpi-range.js';

/** The filter bar's state as the inputs hold it: '' is "any". */
export interface FilterDraft {
  from: string;
  to: string;
  portCode: string;
  agency: Agency | '';
  inspectionType: InspectionType | '';
  mode: TransportMode | '';
}

/** The core's filters for a draft, or why the range is not one the core answers. */
export function toFilters(draft: FilterDraft): { filters: KpiFilters } | { problem: RangeProblem } {
  const problem = rangeProblem(draft.from, draft.to);
  if (problem !== null) return { problem };
  return {
    filters: {
      from: draft.from,
      to: draft.to,
      ...(draft.portCode === '' ? {} : { portCode: draft.portCode }),
      ...(draft.agency === '' ? {} : { agency: draft.agency }),
      ...(draft.inspectionType === '' ? {} : { inspectionType: draft.inspectionType }),
      ...(draft.mode === '' ? {} : { mode: draft.mode }),
    },
  };
}
