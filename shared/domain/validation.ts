/**
 * Outcome of checking an identifier typed or received from outside. Failures carry a stable code
 * so the UI can translate them; the English message is for logs only.
 */
export type ValidationCode =
  | 'empty'
  | 'length'
  | 'charset'
  | 'format'
  | 'check_digit'
  | 'year'
  | 'direction'
  | 'chapter';

export type Validation =
  | { ok: true; value: string }
  | { ok: false; code: ValidationCode; message: string };

export const valid = (value: string): Validation => ({ ok: true, value });

export const invalid = (code: ValidationCode, message: string): Validation => ({ ok: false, code, message });
