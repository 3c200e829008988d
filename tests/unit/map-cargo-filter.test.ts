import { describe, expect, it } from 'vitest';
import { NO_FILTER, passesFilter, toggleMode, type CargoFilter, type FilteredCargo } from '../../renderer/features/map/cargo-filter.js';

/**
 * The map's filters (issue 9, point 5): by mode, corridor, task status and the agency the task
 * needs, each alone and together. How a filter reaches the drawn features through live updates is
 * map-cargo-filter-sync.test.ts.
 */
const railNoTask: FilteredCargo = { mode: 'rail', corridor: 'yuxinou', task: undefined };
const riverCustomsPending: FilteredCargo = { mode: 'river', corridor: 'yangtze', task: { status: 'pending', agencies: ['customs', 'quarantine'] } };
const roadBorderHeld: FilteredCargo = { mode: 'road', corridor: 'trucks-asean', task: { status: 'held', agencies: ['border'] } };
const all = [railNoTask, riverCustomsPending, roadBorderHeld];
const through = (filter: CargoFilter): FilteredCargo[] => all.filter((cargo) => passesFilter(filter, cargo));

describe('the map filters', () => {
  it('let every cargo through by default', () => {
    expect(through(NO_FILTER)).toEqual(all);
  });

  it('filter by mode: chosen modes only, none chosen is every mode', () => {
    const railOrRiver = toggleMode(toggleMode(NO_FILTER, 'rail'), 'river');
    expect(railOrRiver.modes).toEqual(['rail', 'river']);
    expect(through(railOrRiver)).toEqual([railNoTask, riverCustomsPending]);
    expect(toggleMode(railOrRiver, 'rail').modes).toEqual(['river']);
    expect(toggleMode(toggleMode(railOrRiver, 'rail'), 'river')).toEqual(NO_FILTER);
  });

  it('filter by corridor', () => {
    expect(through({ ...NO_FILTER, corridor: 'yangtze' })).toEqual([riverCustomsPending]);
    expect(through({ ...NO_FILTER, corridor: 'china-laos' })).toEqual([]);
  });

  it('filter by task: open, none, or one status', () => {
    const withStatus = (['pending', 'assigned', 'in_progress', 'held'] as const).map((status) => ({ ...railNoTask, task: { status, agencies: [] } }));
    expect([...withStatus, railNoTask].map((cargo) => passesFilter({ ...NO_FILTER, task: 'open' }, cargo))).toEqual([true, true, true, false, false]);
    expect(through({ ...NO_FILTER, task: 'none' })).toEqual([railNoTask]);
    expect(through({ ...NO_FILTER, task: 'held' })).toEqual([roadBorderHeld]);
  });

  it('filter by agency: cargo whose task needs it, whatever else the task needs; a cargo without a task needs none', () => {
    expect(through({ ...NO_FILTER, agency: 'quarantine' })).toEqual([riverCustomsPending]);
    expect(through({ ...NO_FILTER, agency: 'border' })).toEqual([roadBorderHeld]);
    expect(through({ ...NO_FILTER, agency: 'maritime' })).toEqual([]);
  });

  it('compose: a cargo is shown only when it passes every filter', () => {
    const customsOpen: CargoFilter = { ...NO_FILTER, agency: 'customs', task: 'open' };
    expect(through(customsOpen)).toEqual([riverCustomsPending]);
    expect(through({ ...customsOpen, corridor: 'yuxinou' })).toEqual([]);
    expect(through({ ...customsOpen, modes: ['rail'] })).toEqual([]);
    expect(through({ ...NO_FILTER, agency: 'border', task: 'open' })).toEqual([]);
    expect(through({ modes: ['road', 'river'], corridor: 'trucks-asean', task: 'held', agency: 'border' })).toEqual([roadBorderHeld]);
  });
});
