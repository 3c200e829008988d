import { validateAirWaybill } from './air-waybill.js';
import { validateDeclarationNo, type TradeDirection } from './declaration-number.js';
import { validateHsCode } from './hs-code.js';
import { validateContainerNo } from './iso6346.js';
import { validateUscc } from './uscc.js';
import type { Validation, ValidationCode } from './validation.js';

/**
 * An identifier an officer types on the inspection form, checked as it is typed (issue 8, point 6):
 * - error: not a well-formed identifier (a typo: a wrong check digit, length, character); it blocks
 *   submitting, with a message in the officer's language;
 * - warning: well-formed, but not one the task knows (another container, another declaration);
 *   the officer may confirm it, since the single window's data can be incomplete;
 * - ok: well-formed and on the task.
 */
export const identifierKinds = ['containerNo', 'airWaybill', 'uscc', 'hsCode', 'declarationNo'] as const;
export type IdentifierKind = (typeof identifierKinds)[number];
export type OfficerLanguage = 'zh-CN' | 'en';

export type TypedIdentifierCheck =
  | { level: 'ok'; value: string }
  | { level: 'warning'; value: string; message: string }
  | { level: 'error'; code: ValidationCode; message: string };

interface KindRules {
  readonly name: Readonly<Record<OfficerLanguage, string>>;
  readonly length: string;
  /** What the length counts, in English (Chinese counts 位 either way). */
  readonly lengthUnit: 'characters' | 'digits';
  readonly charset: Readonly<Record<OfficerLanguage, string>>;
  /** For the kinds whose validator tells a layout error apart from length and characters. */
  readonly format?: Readonly<Record<OfficerLanguage, string>>;
  validate(typed: string, known: readonly string[]): Validation;
  /** Whether a well-formed value is one of the task's; `known` as the task holds them. */
  onTask(value: string, known: readonly string[]): boolean;
}

const DIGITS_ONLY = { 'zh-CN': '只能包含数字', en: 'may contain digits only' } as const;
const sameAs = (validate: (s: string) => Validation) => (value: string, known: readonly string[]) =>
  known.some((k) => {
    const v = validate(k);
    return (v.ok ? v.value : k.trim()) === value;
  });

/** A declaration's import/export digit must agree with the task's own declaration. */
function directionOf(known: readonly string[]): TradeDirection | undefined {
  const digit = known[0]?.trim().charAt(8);
  return digit === '1' ? 'import' : digit === '0' ? 'export' : undefined;
}

const RULES: Readonly<Record<IdentifierKind, KindRules>> = {
  containerNo: {
    name: { 'zh-CN': '集装箱号', en: 'container number' },
    length: '11',
    lengthUnit: 'characters',
    charset: { 'zh-CN': '只能包含字母和数字', en: 'may contain letters A-Z and digits only' },
    format: { 'zh-CN': '应为3位箱主代码、设备识别码 U/J/Z、6位序号和1位校验码', en: 'must be 3 owner letters, category U/J/Z, 6 digits and a check digit' },
    validate: (typed) => validateContainerNo(typed),
    onTask: sameAs(validateContainerNo),
  },
  airWaybill: {
    name: { 'zh-CN': '空运单号', en: 'air waybill number' },
    length: '11',
    lengthUnit: 'digits',
    charset: { 'zh-CN': '只能包含数字和一个连字符', en: 'may contain digits and one hyphen only' },
    format: { 'zh-CN': '应写作 NNN-NNNNNNNN（航空公司代码、序号和校验码）', en: 'must be written NNN-NNNNNNNN (airline prefix, serial and check digit)' },
    validate: (typed) => validateAirWaybill(typed),
    onTask: sameAs(validateAirWaybill),
  },
  uscc: {
    name: { 'zh-CN': '统一社会信用代码', en: 'unified social credit code' },
    length: '18',
    lengthUnit: 'characters',
    charset: { 'zh-CN': '只能使用数字和大写字母（不含 I、O、S、V、Z）', en: 'may use digits and the letters A-H, J-N, P-R, T-U and W-Y only' },
    validate: (typed) => validateUscc(typed),
    onTask: sameAs(validateUscc),
  },
  hsCode: {
    name: { 'zh-CN': 'HS编码', en: 'HS code' },
    length: '10 / 13',
    lengthUnit: 'digits',
    charset: DIGITS_ONLY,
    validate: (typed) => validateHsCode(typed),
    // The 13-digit code adds inspection-and-quarantine digits to the 10-digit tariff code: either names the line.
    onTask: (value, known) => known.some((k) => k.trim().startsWith(value) || value.startsWith(k.trim())),
  },
  declarationNo: {
    name: { 'zh-CN': '报关单号', en: 'declaration number' },
    length: '18',
    lengthUnit: 'digits',
    charset: DIGITS_ONLY,
    validate: (typed, known) => {
      const direction = directionOf(known);
      return validateDeclarationNo(typed, direction === undefined ? {} : { direction });
    },
    onTask: sameAs((s) => validateDeclarationNo(s)),
  },
};

function errorMessage(kind: IdentifierKind, code: ValidationCode, typedLength: number, language: OfficerLanguage): string {
  const rules = RULES[kind];
  const name = rules.name[language];
  const zh = language === 'zh-CN';
  switch (code) {
    case 'empty':
      return zh ? `请输入${name}` : `Enter the ${name}.`;
    case 'length':
      return zh ? `${name}应为 ${rules.length} 位，输入了 ${typedLength} 位` : `The ${name} must have ${rules.length} ${rules.lengthUnit}; ${typedLength} typed.`;
    case 'charset':
      return zh ? `${name}${rules.charset[language]}` : `The ${name} ${rules.charset[language]}.`;
    case 'format':
      return zh ? `${name}${rules.format?.[language] ?? '格式不正确'}` : `The ${name} ${rules.format?.[language] ?? 'is not in the right format'}.`;
    case 'check_digit':
      return zh ? `${name}校验码不符，可能有一位输错了，请核对` : `The ${name}'s check digit does not match: a character is probably mistyped.`;
    case 'year':
      return zh ? `${name}中的年份不合理` : `The year in the ${name} is not plausible.`;
    case 'direction':
      return zh ? `${name}的进出口标志（第9位）与本任务不符` : `The import/export digit (9th) of the ${name} does not match this task.`;
    case 'chapter':
      return zh ? `${name}的章号（前两位）不存在` : `The chapter (first two digits) of the ${name} does not exist.`;
  }
}

function warningMessage(kind: IdentifierKind, value: string, language: OfficerLanguage): string {
  const name = RULES[kind].name[language];
  return language === 'zh-CN'
    ? `${name} ${value} 格式正确，但本任务中没有；如确属实，可确认后继续`
    : `${value} is a well-formed ${name} but not one of this task's; confirm it if it is right.`;
}

/** Checks what the officer typed against the identifier's format, then against `known`: the task's own identifiers of that kind. */
export function checkTypedIdentifier(kind: IdentifierKind, typed: string, known: readonly string[], language: OfficerLanguage): TypedIdentifierCheck {
  const rules = RULES[kind];
  const checked = rules.validate(typed, known);
  if (!checked.ok) {
    const typedLength = typed.replace(/[\s-]/g, '').length;
    return { level: 'error', code: checked.code, message: errorMessage(kind, checked.code, typedLength, language) };
  }
  if (rules.onTask(checked.value, known)) return { level: 'ok', value: checked.value };
  return { level: 'warning', value: checked.value, message: warningMessage(kind, checked.value, language) };
}

/** A well-formed value as the validator normalises it (upper case, no spaces); what was typed, trimmed, if it is not well formed. */
export function normalizeTypedIdentifier(kind: IdentifierKind, typed: string): string {
  const checked = RULES[kind].validate(typed, []);
  return checked.ok ? checked.value : typed.trim();
}
