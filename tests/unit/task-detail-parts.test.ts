import { describe, expect, it } from 'vitest';
import { isTargetingReason } from '../../electron/core/risk-reasons.js';
import { CREDIT_REASONS, EXPORT_REASONS, GENERAL_REASONS, KIND_REASONS, RANDOM_SELECTION } from '../../electron/simulator/seed/risk-reasons.js';
import { durationOf, formatHsCode } from '../../renderer/features/task-detail/detail-format.js';
import { placeName, SITES } from '../../renderer/features/task-detail/places.js';
import { MAP_HEIGHT, MAP_WIDTH, projectionFor, siteAt, sitesAround } from '../../renderer/features/task-detail/site-map-geometry.js';

/** The pure parts of the task detail: reason families, HS grouping, spans, the static map's geometry. */
describe('risk reason families', () => {
  it('sorts every reason the simulator gives into targeting or check, by family', () => {
    const targeting = [RANDOM_SELECTION, ...Object.values(CREDIT_REASONS), '情报布控：走私线索核查', '指令查验：海关总署布控指令'];
    for (const reason of targeting) expect(isTargetingReason(reason), reason).toBe(true);
    const check = [...GENERAL_REASONS, ...EXPORT_REASONS, ...Object.values(KIND_REASONS).flat()].filter((reason) => !targeting.includes(reason));
    for (const reason of check) expect(isTargetingReason(reason), reason).toBe(false);
  });

  it('withholds a reason of no known family', () => {
    expect(isTargetingReason('新型布控：未知类别')).toBe(true);
    expect(isTargetingReason('')).toBe(true);
  });
});

describe('HS codes and spans', () => {
  it('groups a 10- or 13-digit HS code and leaves anything else as sent', () => {
    expect(formatHsCode('0202300090')).toBe('0202.30.0090');
    expect(formatHsCode('0202300090101')).toBe('0202.30.0090.101');
    expect(formatHsCode('7702300090')).toBe('7702300090');
    expect(formatHsCode('02023')).toBe('02023');
  });

  it('reads a span in minutes, hours up to two days, then days; never less than a minute', () => {
    expect(durationOf(10_000)).toEqual({ unit: 'minutes', count: 1 });
    expect(durationOf(-90 * 60_000)).toEqual({ unit: 'hours', count: 1 });
    expect(durationOf(47 * 3_600_000)).toEqual({ unit: 'hours', count: 47 });
    expect(durationOf(-15 * 86_400_000)).toEqual({ unit: 'days', count: 15 });
  });
});

describe('static site map', () => {
  it('holds the port’s Chongqing sites only', () => {
    const ids = SITES.map((site) => site.id);
    expect(ids).toEqual(expect.arrayContaining(['guoyuan', 'tuanjiecun', 'nanpeng', 'ckg', 'xintian']));
    expect(ids).not.toContain('duisburg');
    expect(ids).not.toContain('cq-centre');
  });

  it('names any place of the corridors in the UI language, and an unknown one by its id', () => {
    expect(placeName('alashankou', false)).toBe('阿拉山口');
    expect(placeName('alashankou', true)).toBe('Alashankou');
    expect(placeName('nowhere', true)).toBe('nowhere');
  });

  it('draws every site around a task, and the task, inside the frame', () => {
    for (const site of SITES) {
      const point = { lon: site.lon + 0.001, lat: site.lat - 0.001 };
      const project = projectionFor(point);
      for (const shown of [...sitesAround(point), point]) {
        expect(project.x(shown.lon)).toBeGreaterThanOrEqual(0);
        expect(project.x(shown.lon)).toBeLessThanOrEqual(MAP_WIDTH);
        expect(project.y(shown.lat)).toBeGreaterThanOrEqual(0);
        expect(project.y(shown.lat)).toBeLessThanOrEqual(MAP_HEIGHT);
      }
      expect(siteAt(point)?.id).toBe(site.id);
    }
  });

  it('keeps the city’s sketch to the city: Wanzhou’s port is not drawn around Tuanjiecun', () => {
    const around = sitesAround({ lon: 106.37, lat: 29.62 }).map((site) => site.id);
    expect(around).toContain('xiyong');
    expect(around).not.toContain('xintian');
    expect(siteAt({ lon: 107.0, lat: 29.0 })).toBeNull();
  });
});
