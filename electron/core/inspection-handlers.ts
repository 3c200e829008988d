import { CallFailure, type Handlers } from './router.js';

export type InspectionMethod =
  | 'inspection:start'
  | 'inspection:get'
  | 'inspection:save'
  | 'inspection:sign'
  | 'inspection:check'
  | 'inspection:submit'
  | 'inspection:discard'
  | 'attachments:put';
export type InspectionHandlers = Pick<Handlers, InspectionMethod>;

/** The inspection's calls (issue 8, point 4); filled in next, answering `unavailable` until then. */
export function createInspectionHandlers(): InspectionHandlers {
  const later = (): never => {
    throw new CallFailure('unavailable', 'the inspection is not available yet');
  };
  return {
    'inspection:start': later,
    'inspection:get': later,
    'inspection:save': later,
    'inspection:sign': later,
    'inspection:check': later,
    'inspection:submit': later,
    'inspection:discard': later,
    'attachments:put': later,
  };
}
