/** Why the results repository refused a call. Nothing was written in any of these cases. */

export interface FieldIssue {
  path: string;
  message: string;
}

/** The input is not a valid result (or draft), or references an attachment the store does not hold. */
export class ResultInputError extends Error {
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(issues.length ? `${message}: ${issues.map((issue) => `${issue.path || '(result)'}: ${issue.message}`).join('; ')}` : message);
    this.name = 'ResultInputError';
  }
}

export class ResultNotFoundError extends Error {
  constructor(readonly resultId: string) {
    super(`本机没有结果 ${resultId}，可能已被处理；请刷新 / no result ${resultId} on this workstation; it may have been handled already (refresh)`);
    this.name = 'ResultNotFoundError';
  }
}

/** The result's state does not allow what was asked (e.g. re-basing a delivered result). */
export class ResultStateError extends Error {
  constructor(
    readonly resultId: string,
    readonly state: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResultStateError';
  }
}
