// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_FILTER, type CargoFilter } from '../../renderer/features/map/cargo-filter.js';
import { MapToolbar } from '../../renderer/features/map/MapToolbar.js';
import { i18n } from '../../renderer/i18n/index.js';

/**
 * The map toolbar's corridor and agency choices: named in the UI language, each choice (and "any")
 * handed on as the filter with the other filters kept. What a filter does to the drawn cargo is
 * map-cargo-filter.test.ts and the map's end-to-end test.
 */
afterEach(() => {
  cleanup();
});

function renderToolbar(filter: CargoFilter): CargoFilter[] {
  const chosen: CargoFilter[] = [];
  render(<MapToolbar filter={filter} onFilter={(next) => chosen.push(next)} onSearch={() => true} />);
  return chosen;
}

const optionTexts = (testId: string): string[] => [...screen.getByTestId<HTMLSelectElement>(testId).options].map((option) => option.text);

describe('map toolbar: corridor and agency filters', () => {
  it('names the corridors and agencies in Chinese, and in English', async () => {
    await i18n.changeLanguage('zh-CN');
    renderToolbar(NO_FILTER);
    expect(optionTexts('map-corridor-filter')).toContain('长江黄金水道');
    expect(optionTexts('map-corridor-filter')[0]).toBe('全部通道');
    expect(optionTexts('map-agency-filter')).toEqual(['全部单位', '海关', '检疫', '边检', '海事']);
    cleanup();
    await i18n.changeLanguage('en');
    renderToolbar(NO_FILTER);
    expect(optionTexts('map-corridor-filter')).toContain('Yangtze river: Chongqing - Shanghai');
    expect(optionTexts('map-agency-filter')).toEqual(['Any agency', 'Customs', 'Quarantine', 'Border inspection', 'Maritime']);
    await i18n.changeLanguage('zh-CN');
  });

  it('hands on the chosen corridor and agency with the other filters kept, and "any" as none', () => {
    const current: CargoFilter = { ...NO_FILTER, modes: ['river'], task: 'open' };
    const chosen = renderToolbar(current);
    fireEvent.change(screen.getByTestId('map-corridor-filter'), { target: { value: 'yangtze' } });
    fireEvent.change(screen.getByTestId('map-agency-filter'), { target: { value: 'quarantine' } });
    expect(chosen).toEqual([
      { ...current, corridor: 'yangtze' },
      { ...current, agency: 'quarantine' },
    ]);
    cleanup();
    const narrowed = renderToolbar({ ...current, corridor: 'yangtze', agency: 'quarantine' });
    fireEvent.change(screen.getByTestId('map-corridor-filter'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('map-agency-filter'), { target: { value: '' } });
    expect(narrowed).toEqual([
      { ...current, corridor: null, agency: 'quarantine' },
      { ...current, corridor: 'yangtze', agency: null },
    ]);
  });
});
