import { describe, expect, it } from 'vitest';
import corridors from '../../resources/domain/corridors.json' with { type: 'json' };
import { CHONGQING_HUBS, corridorRoute, headsHome, nearestHub, placeOnRoute, pointOnRoute } from '../../shared/domain/corridor-route.js';
import { bearing, haversineKm, inChongqing } from '../../shared/domain/geo.js';

describe('corridor routes', () => {
  it('starts every corridor at its Chongqing end and places each of its own places on the line, at its distance', () => {
    for (const { id } of corridors) {
      const route = corridorRoute(id)!;
      expect(inChongqing(route.home), id).toBe(true);
      route.points.forEach((point, index) => {
        const fix = placeOnRoute(route, point);
        expect(fix.offKm, `${id} ${point.id}`).toBeLessThan(1e-6);
        expect(fix.alongKm, `${id} ${point.id}`).toBeCloseTo(route.alongKm[index]!, 6);
      });
    }
  });

  it('finds a point on the line again from its distance, and measures the distance off the line', () => {
    const route = corridorRoute('trucks-asean')!;
    for (const km of [0, 10, route.lengthKm / 3, route.lengthKm - 1]) {
      const point = pointOnRoute(route, km);
      expect(placeOnRoute(route, point).alongKm).toBeCloseTo(km, 3);
    }
    const middle = pointOnRoute(route, route.lengthKm / 2);
    const aside = { lon: middle.lon, lat: middle.lat + 0.5 };
    expect(placeOnRoute(route, aside).offKm).toBeGreaterThan(10);
    expect(placeOnRoute(route, aside).offKm).toBeLessThanOrEqual(haversineKm(middle, aside) + 0.5);
  });

  it('tells cargo heading for Chongqing from cargo leaving it', () => {
    const route = corridorRoute('yangtze')!;
    const [, fuling, wanzhou] = route.points;
    const segment = placeOnRoute(route, pointOnRoute(route, route.alongKm[1]! + 5)).segment;
    expect(headsHome(route, segment, bearing(wanzhou!, fuling!))).toBe(true);
    expect(headsHome(route, segment, bearing(fuling!, wanzhou!))).toBe(false);
  });

  it("sends cargo to the Chongqing hub nearest its site, never to a city", () => {
    expect(CHONGQING_HUBS.map((hub) => hub.kind)).not.toContain('city');
    expect(nearestHub({ lon: 106.371, lat: 29.621 }).id).toBe('tuanjiecun');
    expect(nearestHub(corridorRoute('chengdu-chongqing')!.home).kind).not.toBe('city');
  });
});
