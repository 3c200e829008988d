// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { SessionGate } from '../../renderer/features/session/SessionGate.js';
import { i18n } from '../../renderer/i18n/index.js';
import { consoleShortcutList, ConsoleShortcutReader, SEQUENCE_MS } from '../../renderer/shell/console-shortcuts.js';
import { startRealCore, type RealCore } from '../fixtures/real-core.js';
import { signInInput, testOperatorId } from '../fixtures/sign-in-account.js';

configure({ asyncUtilTimeout: 8000 });

/**
 * The console's own shortcuts ("/", "g t", "g s", "g ,", "?") on the App against the real core over
 * the host's WebSocket: keys pressed on the page, screens and focus as the officer sees them.
 */
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

function renderConsole(): void {
  const connection = real.connect();
  render(
    <ApiContext value={connection.api}>
      <App />
    </ApiContext>,
  );
}

/** Keys pressed one after another where the focus is (the page itself when nothing has it). */
function press(...keys: string[]): void {
  for (const key of keys) fireEvent.keyDown(document.activeElement ?? document.body, { key });
}

const selectedTab = (): string | null => screen.getAllByRole('tab').find((tab) => tab.getAttribute('aria-selected') === 'true')?.getAttribute('data-testid') ?? null;

describe('console shortcuts', () => {
  it('g s, g , and g t go to Sync, Settings and Tasks', async () => {
    renderConsole();
    press('g', 's');
    await screen.findByTestId('attention-list');
    expect(selectedTab()).toBe('nav-sync');
    // The focus is on the chosen screen's tab, where Tab goes on into the screen.
    expect(document.activeElement).toBe(screen.getByTestId('nav-sync'));
    press('g', 's');
    expect(document.activeElement).toBe(screen.getByTestId('nav-sync'));
    press('g', ',');
    await screen.findByTestId('settings-url');
    expect(selectedTab()).toBe('nav-settings');
    press('G', 'T');
    await screen.findByTestId('search-input');
    expect(selectedTab()).toBe('nav-tasks');
  });

  it('/ focuses the screen\'s search: the task search, the journal\'s call filter on Sync, the task search from Settings', async () => {
    renderConsole();
    press('/');
    expect(document.activeElement).toBe(screen.getByTestId('search-input'));
    // Keys typed into a field are text: neither "g s" nor "?" act there.
    press('g', 's', '?');
    expect(selectedTab()).toBe('nav-tasks');
    expect(screen.queryByTestId('shortcuts-dialog')).toBeNull();

    fireEvent.click(screen.getByTestId('nav-sync'));
    await screen.findByTestId('journal-filter-call');
    press('/');
    expect(document.activeElement).toBe(screen.getByTestId('journal-filter-call'));
    // The journal's table scrolls sideways: its region takes the focus, so arrow keys reach the last columns.
    expect(screen.getByTestId('journal-scroll').tabIndex).toBe(0);
    expect(screen.getByRole('region', { name: '同步日志记录' })).toBe(screen.getByTestId('journal-scroll'));

    fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-url');
    (document.activeElement as HTMLElement | null)?.blur();
    press('/');
    await waitFor(() => {
      expect(document.activeElement).toBe(screen.getByTestId('search-input'));
    });
    expect(selectedTab()).toBe('nav-tasks');
  });

  it('? lists every shortcut in a modal that holds the focus; Esc closes it and the focus goes back', async () => {
    renderConsole();
    const tab = screen.getByTestId('nav-tasks');
    tab.focus();
    press('?');
    const dialog = await screen.findByTestId('shortcuts-dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByRole('heading', { level: 2 }).textContent).toBe('键盘快捷键');
    const rows = (group: string): string[][] =>
      within(screen.getByTestId(`shortcuts-${group}`))
        .getAllByRole('term')
        .map((term) => [term.textContent, term.nextElementSibling?.textContent ?? '']);
    // Every shortcut the console answers is listed (screens added later add theirs), these among them.
    expect(rows('console')).toHaveLength(consoleShortcutList.length);
    expect(rows('console')).toEqual(
      expect.arrayContaining([
        ['/', '聚焦当前页面的搜索框（没有搜索框时转到任务搜索）'],
        ['g t', '转到“任务”（先按 g，再按 t）'],
        ['g s', '转到“同步”（先按 g，再按 s）'],
        ['g ,', '转到“设置”（先按 g，再按逗号；仅管理员）'],
        ['?', '显示本列表'],
      ]),
    );
    expect(rows('screens').map(([keys]) => keys)).toEqual(['← →', '↑ ↓ PgUp PgDn Home End', 'Enter', 'Esc']);
    expect(rows('inspection')).toContainEqual(['Ctrl+S', '立即保存草稿']);
    expect(document.activeElement).toBe(screen.getByTestId('shortcuts-close'));
    press('Tab');
    expect(document.activeElement).toBe(screen.getByTestId('shortcuts-close'));
    // The dialog has the keys: "g s" does not change the screen under it.
    press('g', 's');
    expect(selectedTab()).toBe('nav-tasks');
    press('Escape');
    expect(screen.queryByTestId('shortcuts-dialog')).toBeNull();
    expect(document.activeElement).toBe(tab);
  });

  it("opens from the header's button, reads in English, and closes with its button", async () => {
    await i18n.changeLanguage('en');
    renderConsole();
    const open = screen.getByTestId('shortcuts-open');
    expect(open.textContent).toBe('Shortcuts ?');
    fireEvent.click(open);
    const dialog = await screen.findByTestId('shortcuts-dialog');
    expect(within(dialog).getByRole('heading', { level: 2 }).textContent).toBe('Keyboard shortcuts');
    expect(within(dialog).getByText('Go to Sync (g, then s)')).toBeTruthy();
    fireEvent.click(screen.getByTestId('shortcuts-close'));
    expect(screen.queryByTestId('shortcuts-dialog')).toBeNull();
  });

  it('g , does nothing for an account without the admin role (no Settings tab), g s still works', async () => {
    const connection = real.connect({ signedOut: true });
    render(
      <ApiContext value={connection.api}>
        <SessionGate pollMs={100}>
          <App />
        </SessionGate>
      </ApiContext>,
    );
    await screen.findByTestId('sign-in-screen');
    fireEvent.change(screen.getByTestId('sign-in-operator'), { target: { value: testOperatorId(['inspector']) } });
    fireEvent.change(screen.getByTestId('sign-in-password'), { target: { value: signInInput(testOperatorId(['inspector'])).password } });
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    await screen.findByTestId('nav-tasks');
    expect(screen.queryByTestId('nav-settings')).toBeNull();
    press('g', ',');
    expect(selectedTab()).toBe('nav-tasks');
    press('g', 's');
    await screen.findByTestId('attention-list');
  });
});

describe('the "g" sequence', () => {
  it('takes the second key within its time only, and leaves keys with Ctrl, Cmd or Alt to others', () => {
    const reader = new ConsoleShortcutReader();
    const key = (k: string, extra: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...extra });
    expect(reader.read(key('g'), 0)).toBeNull();
    expect(reader.read(key('s'), SEQUENCE_MS)).toEqual({ action: 'go', screen: 'sync' });
    expect(reader.read(key('g'), 10_000)).toBeNull();
    expect(reader.read(key('s'), 10_000 + SEQUENCE_MS + 1)).toBeNull();
    expect(reader.read(key('g'), 20_000)).toBeNull();
    expect(reader.read(key('x'), 20_001)).toBeNull();
    expect(reader.read(key('t'), 20_002)).toBeNull();
    expect(reader.read(key('g'), 30_000)).toBeNull();
    expect(reader.read(key('t', { ctrlKey: true }), 30_001)).toBeNull();
    expect(reader.read(key('t'), 30_002)).toBeNull();
    expect(reader.read(key('/', { metaKey: true }), 0)).toBeNull();
    expect(reader.read(key('/'), 0)).toEqual({ action: 'search' });
    expect(reader.read(key('?'), 0)).toEqual({ action: 'help' });
  });
});
