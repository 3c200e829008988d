import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTypedIdentifier, identifierKinds, makeContainerNo, type IdentifierKind, type OfficerLanguage } from '../../shared/domain/index.js';

/** What one task knows, per kind (the identifiers of tests/fixtures/task-builder.ts and formats.md). */
const TASK: Readonly<Record<IdentifierKind, readonly string[]>> = {
  containerNo: ['CSQU3054383', 'TCNU7200794'],
  airWaybill: ['112-29955343'],
  uscc: ['91310110666007217T'],
  hsCode: ['0202300090', '8471300000'],
  declarationNo: ['800020261000012345'],
};
/** A well-formed identifier of each kind that the task does not know. */
const ELSEWHERE: Readonly<Record<IdentifierKind, string>> = {
  containerNo: 'GYOU4047990',
  airWaybill: '999-00000000',
  uscc: '91110000600037341L',
  hsCode: '0805100000',
  declarationNo: '800020261000099999',
};
const check = (kind: IdentifierKind, typed: string, language: OfficerLanguage = 'zh-CN') => checkTypedIdentifier(kind, typed, TASK[kind], language);

describe('an identifier typed on the inspection form', () => {
  it.each(identifierKinds)('%s: ok when well-formed and on the task', (kind) => {
    const known = TASK[kind][0] ?? '';
    expect(check(kind, known)).toEqual({ level: 'ok', value: known });
  });

  it('normalises what the officer typed before comparing', () => {
    expect(check('containerNo', ' csqu 305438 3 ')).toEqual({ level: 'ok', value: 'CSQU3054383' });
    expect(check('airWaybill', '11229955343')).toEqual({ level: 'ok', value: '112-29955343' });
    expect(check('uscc', '91310110666007217t')).toEqual({ level: 'ok', value: '91310110666007217T' });
    // The 13-digit code with inspection-and-quarantine digits names the same goods line as its 10 digits.
    expect(check('hsCode', '0202300090101')).toEqual({ level: 'ok', value: '0202300090101' });
  });

  it.each(identifierKinds)('%s: a warning the officer may confirm when well-formed but not on the task, in either language', (kind) => {
    const zh = check(kind, ELSEWHERE[kind], 'zh-CN');
    expect(zh).toMatchObject({ level: 'warning', value: ELSEWHERE[kind] });
    expect(zh.level === 'warning' && zh.message).toMatch(/本任务中没有/);
    const en = check(kind, ELSEWHERE[kind], 'en');
    expect(en.level === 'warning' && en.message).toMatch(/not one of this task's/);
  });

  it.each([
    ['containerNo', 'CSQU3054384', 'check_digit', /集装箱号校验码不符/, /container number's check digit does not match/],
    ['containerNo', 'CSQU305438', 'length', /集装箱号应为 11 位，输入了 10 位/, /must have 11 characters; 10 typed/],
    ['containerNo', 'CSQU3054Z83', 'format', /设备识别码/, /owner letters/],
    ['airWaybill', '112-29955344', 'check_digit', /空运单号校验码不符/, /air waybill number's check digit/],
    ['airWaybill', '112-2995534', 'length', /空运单号应为 11 位，输入了 10 位/, /must have 11 digits; 10 typed/],
    ['uscc', '91110000600037341N', 'check_digit', /统一社会信用代码校验码不符/, /check digit/],
    ['uscc', '9111000060003IOZSV', 'charset', /不含 I、O、S、V、Z/, /A-H, J-N/],
    ['hsCode', '7700000000', 'chapter', /HS编码的章号/, /chapter/],
    ['hsCode', '020230009', 'length', /HS编码应为 10 \/ 13 位/, /10 \/ 13 digits/],
    ['declarationNo', '800020260000012345', 'direction', /进出口标志/, /import\/export digit/],
    ['declarationNo', '800019801000012345', 'year', /年份不合理/, /year/],
    ['declarationNo', '', 'empty', /请输入报关单号/, /Enter the declaration number/],
  ] as const)('%s %j: an error that blocks (%s), said in Chinese and in English', (kind, typed, code, zh, en) => {
    expect(check(kind, typed, 'zh-CN')).toEqual({ level: 'error', code, message: expect.stringMatching(zh) as unknown });
    expect(check(kind, typed, 'en')).toEqual({ level: 'error', code, message: expect.stringMatching(en) as unknown });
  });

  it('never takes a typo for a number of the task: a container number on the task with one digit mistyped is an error or, where ISO 6346 cannot see it, a warning', () => {
    const known = makeContainerNo('CSQ', 'U', 305_438);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 10 }), fc.integer({ min: 0, max: 9 }), (at, digit) => {
        const typo = `${known.slice(0, at)}${digit}${known.slice(at + 1)}`;
        const result = checkTypedIdentifier('containerNo', typo, [known], 'en');
        return typo === known ? result.level === 'ok' : result.level !== 'ok';
      }),
    );
  });
});
