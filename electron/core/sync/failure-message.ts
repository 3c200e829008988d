import type { JournalMessage } from '../../../shared/contract/index.js';
import { GatewayError, type GatewayFailure } from './gateway.js';

/**
 * A failed call's reason as a journal message the renderer puts in the reader's language. The
 * client's own text rides along as a parameter where it holds the technical detail (the system's
 * error, the part of the body that broke the contract); a gateway's problem text goes as it came.
 */
export function failureMessage(error: unknown): JournalMessage {
  if (!(error instanceof GatewayError)) return { key: 'failure.unexpected', params: { message: error instanceof Error ? error.message : String(error) } };
  return gatewayFailureMessage(error.failure);
}

export function gatewayFailureMessage(failure: GatewayFailure): JournalMessage {
  switch (failure.kind) {
    case 'transport':
      return { key: 'failure.transport', params: { message: failure.message } };
    case 'timeout':
      return { key: 'failure.timeout', params: { message: failure.message } };
    case 'invalid_body':
      return { key: 'failure.invalidBody', params: { status: failure.status, message: failure.message } };
    case 'too_large':
      return { key: 'failure.tooLarge', params: { status: failure.status } };
    case 'credentials':
      return { key: 'failure.credentials', params: {} };
    case 'http': {
      const problem = failure.problem ? failure.problem.detail || failure.problem.title : '';
      return problem
        ? { key: 'failure.httpWithProblem', params: { status: failure.status, code: failure.code, problem } }
        : { key: 'failure.http', params: { status: failure.status, code: failure.code } };
    }
  }
}
