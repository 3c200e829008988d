import { describe, expect, it } from 'vitest';
import { positionAt, REPLAY_PAGE_STEPS, replayKeyTime, replayStepMs, replayTrack } from '../../renderer/features/map/track-replay.js';

/** The journey replay's arithmetic: the track as the core answers it, the position at a time, the slider's keys. */
const T0 = Date.parse('2026-12-01T08:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const answer = {
  cargoId: 'C-1',
  points: [
    { at: at(0), lon: 106.0, lat: 29.0, speedKmh: 40 },
    { at: at(60_000), lon: 106.2, lat: 29.4, speedKmh: 50 },
    { at: at(180_000), lon: 106.8, lat: 29.4, speedKmh: null },
  ],
};

describe('journey replay', () => {
  it('reads the track in time order and refuses one without a readable time', () => {
    const track = replayTrack({ cargoId: 'C-1', points: [answer.points[2]!, answer.points[0]!, { at: 'not a time', lon: 0, lat: 0, speedKmh: null }, answer.points[1]!] })!;
    expect(track.points.map((p) => p.atMs - T0)).toEqual([0, 60_000, 180_000]);
    expect([track.startMs, track.endMs]).toEqual([T0, T0 + 180_000]);
    expect(replayTrack({ cargoId: 'C-1', points: [] })).toBeNull();
    expect(replayTrack({ cargoId: 'C-1', points: [{ at: 'yesterday', lon: 1, lat: 1, speedKmh: null }] })).toBeNull();
  });

  it('places the cargo on the line between the reports around a time, in proportion, and at the ends outside them', () => {
    const track = replayTrack(answer)!;
    expect(positionAt(track, T0)).toEqual({ lon: 106.0, lat: 29.0, speedKmh: 40 });
    const quarter = positionAt(track, T0 + 15_000);
    expect(quarter.lon).toBeCloseTo(106.05, 9);
    expect(quarter.lat).toBeCloseTo(29.1, 9);
    expect(quarter.speedKmh).toBe(40);
    const second = positionAt(track, T0 + 120_000);
    expect(second.lon).toBeCloseTo(106.5, 9);
    expect(second).toMatchObject({ lat: 29.4, speedKmh: 50 });
    expect(positionAt(track, T0 + 60_000)).toEqual({ lon: 106.2, lat: 29.4, speedKmh: 50 });
    expect(positionAt(track, T0 - 5_000)).toEqual({ lon: 106.0, lat: 29.0, speedKmh: 40 });
    expect(positionAt(track, T0 + 999_000)).toEqual({ lon: 106.8, lat: 29.4, speedKmh: null });
    const single = replayTrack({ cargoId: 'C-1', points: [answer.points[0]!] })!;
    expect(positionAt(single, T0 + 1)).toEqual({ lon: 106.0, lat: 29.0, speedKmh: 40 });
  });

  it('moves the slider by whole seconds, a step per arrow key, a page per Page Up/Down, to the ends with Home/End, never past them', () => {
    const track = replayTrack(answer)!;
    expect(replayStepMs(track)).toBe(1000);
    const long = replayTrack({ cargoId: 'C-1', points: [answer.points[0]!, { at: at(10 * 3_600_000), lon: 107, lat: 30, speedKmh: 40 }] })!;
    expect(replayStepMs(long)).toBe(180_000);
    const middle = T0 + 90_000;
    expect(replayKeyTime(track, middle, 'ArrowRight')).toBe(middle + 1000);
    expect(replayKeyTime(track, middle, 'ArrowDown')).toBe(middle - 1000);
    expect(replayKeyTime(track, middle, 'PageUp')).toBe(middle + REPLAY_PAGE_STEPS * 1000);
    expect(replayKeyTime(track, middle, 'Home')).toBe(T0);
    expect(replayKeyTime(track, middle, 'End')).toBe(T0 + 180_000);
    expect(replayKeyTime(track, T0 + 179_500, 'ArrowRight')).toBe(T0 + 180_000);
    expect(replayKeyTime(track, T0 + 500, 'PageDown')).toBe(T0);
    expect(replayKeyTime(track, middle, 'Enter')).toBeNull();
  });
});
