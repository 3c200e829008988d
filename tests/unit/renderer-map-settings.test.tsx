// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type RealCore } from '../fixtures/real-core.js';

configure({ asyncUtilTimeout: 5000 });

/**
 * The admin's basemap choice on the settings screen, against the real core: Mapbox stored with a
 * style and a token the screen never shows again, and back to the offline basemap.
 */
const TOKEN = 'pk.eyJ1IjoidGVzdCJ9.c2ln';
let real: RealCore;

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
  real = await startRealCore();
});
afterEach(async () => {
  cleanup();
  await real.close();
});

const input = (testId: string): HTMLInputElement => screen.getByTestId<HTMLInputElement>(testId);

describe('basemap settings', () => {
  it('stores Mapbox with the typed token, shows only that one is stored, then goes back offline', async () => {
    render(
      <ApiContext value={real.connect().api}>
        <App />
      </ApiContext>,
    );
    fireEvent.click(screen.getByTestId('nav-settings'));
    await waitFor(() => expect(screen.getByTestId('map-settings-engine').dataset.engine).toBe('maplibre'));

    fireEvent.change(input('map-settings-style'), { target: { value: 'mapbox://styles/console/test' } });
    fireEvent.change(input('map-settings-token'), { target: { value: TOKEN } });
    fireEvent.click(screen.getByTestId('map-settings-mapbox'));
    await waitFor(() => expect(screen.getByTestId('map-settings-engine').dataset.engine).toBe('mapbox'));
    expect(input('map-settings-token').value).toBe('');
    expect(input('map-settings-token').placeholder).toBe('已保存；留空则继续使用');
    expect(document.body.textContent).not.toContain(TOKEN);
    expect(await real.ask('map:config', {})).toEqual({ engine: 'mapbox', styleUrl: 'mapbox://styles/console/test', accessToken: TOKEN });

    fireEvent.click(screen.getByTestId('map-settings-offline'));
    await waitFor(() => expect(screen.getByTestId('map-settings-engine').dataset.engine).toBe('maplibre'));
    expect(await real.ask('map:config', {})).toEqual({ engine: 'maplibre' });
  });

  it('shows the core’s refusal of a style that is not Mapbox’s', async () => {
    render(
      <ApiContext value={real.connect().api}>
        <App />
      </ApiContext>,
    );
    fireEvent.click(screen.getByTestId('nav-settings'));
    await waitFor(() => expect(screen.getByTestId('map-settings-engine').dataset.engine).toBe('maplibre'));
    fireEvent.change(input('map-settings-style'), { target: { value: 'https://tiles.example.com/style.json' } });
    fireEvent.change(input('map-settings-token'), { target: { value: TOKEN } });
    fireEvent.click(screen.getByTestId('map-settings-mapbox'));
    await screen.findByTestId('map-settings-error');
    expect(screen.getByTestId('map-settings-error').title).toMatch(/^invalid_input/);
  });
});
