import { describe, expect, it } from 'vitest';
import { validateTransportDocNo } from '../../shared/domain/index.js';

describe('transport document number (positions: always present)', () => {
  it('takes an air waybill with its mod-7 check digit for air cargo, and nothing else', () => {
    expect(validateTransportDocNo('air', '112-29955343')).toEqual({ ok: true, value: '112-29955343' });
    expect(validateTransportDocNo('air', '112 2995 5343')).toEqual({ ok: true, value: '112-29955343' });
    expect(validateTransportDocNo('air', '112-29955344')).toMatchObject({ ok: false, code: 'check_digit' });
    expect(validateTransportDocNo('air', 'COSU1234567890')).toMatchObject({ ok: false });
  });

  it('takes a carrier prefix and number for sea, river, rail and road, upper-cased without spaces', () => {
    expect(validateTransportDocNo('sea', 'cosu 1234567890')).toEqual({ ok: true, value: 'COSU1234567890' });
    expect(validateTransportDocNo('rail', 'YXO20261234567')).toEqual({ ok: true, value: 'YXO20261234567' });
    expect(validateTransportDocNo('road', 'NPCB2612345678')).toEqual({ ok: true, value: 'NPCB2612345678' });
    expect(validateTransportDocNo('river', 'MAEU0000000001').ok).toBe(true);
  });

  it('refuses an empty value, other characters, a container number and an air waybill in the wrong mode', () => {
    expect(validateTransportDocNo('sea', '  ')).toMatchObject({ ok: false, code: 'empty' });
    expect(validateTransportDocNo('sea', 'COSU-123456')).toMatchObject({ ok: false, code: 'charset' });
    expect(validateTransportDocNo('river', 'CSQU3054383')).toMatchObject({ ok: false, code: 'format' });
    expect(validateTransportDocNo('rail', '112-29955343')).toMatchObject({ ok: false, code: 'charset' });
    expect(validateTransportDocNo('road', '123456789012')).toMatchObject({ ok: false, code: 'format' });
    expect(validateTransportDocNo('sea', `COSU${'1'.repeat(30)}`)).toMatchObject({ ok: false, code: 'length' });
  });
});
