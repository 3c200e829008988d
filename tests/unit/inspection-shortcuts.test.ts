import { describe, expect, it } from 'vitest';
import { sectionOfPath } from '../../renderer/features/inspection/sections.js';
import { shortcutList, shortcutOf } from '../../renderer/features/inspection/shortcuts.js';

const press = (key: string, modifiers: { code?: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean } = {}) =>
  shortcutOf({ key, code: modifiers.code ?? '', ctrlKey: modifiers.ctrlKey ?? false, metaKey: modifiers.metaKey ?? false, altKey: modifiers.altKey ?? false, shiftKey: false });

describe('the inspection form shortcuts', () => {
  it('reads Ctrl (or Cmd) +S, Ctrl+Enter, F1 and Esc', () => {
    expect(press('s', { ctrlKey: true })).toEqual({ action: 'save' });
    expect(press('S', { metaKey: true })).toEqual({ action: 'save' });
    expect(press('Enter', { ctrlKey: true })).toEqual({ action: 'submit' });
    expect(press('F1')).toEqual({ action: 'help' });
    expect(press('Escape')).toEqual({ action: 'close' });
    expect(press('s')).toBeNull();
    expect(press('Enter')).toBeNull();
  });

  it('goes to sections 1 to 9 with Alt and the digit key, whatever character the layout types with Alt', () => {
    expect(press('1', { altKey: true, code: 'Digit1' })).toEqual({ action: 'sections', section: 'officers' });
    expect(press('¡', { altKey: true, code: 'Digit4' })).toEqual({ action: 'sections', section: 'seals' });
    expect(press('9', { altKey: true, code: 'Digit9' })).toEqual({ action: 'sections', section: 'signatures' });
    expect(press('0', { altKey: true, code: 'Digit0' })).toBeNull();
    expect(press('4', { altKey: true, ctrlKey: true, code: 'Digit4' })).toBeNull();
  });

  it('lists every shortcut it reads', () => {
    expect(shortcutList.map((shortcut) => shortcut.action)).toEqual(['save', 'submit', 'sections', 'close', 'help']);
  });

  it('finds the section of a missing item from its path in the draft', () => {
    expect(sectionOfPath('seals.0.containerNo')).toBe('seals');
    expect(sectionOfPath('checklist')).toBe('checklist');
    expect(sectionOfPath('outcome')).toBe('disposition');
    expect(sectionOfPath('countersign.refusalNote')).toBe('countersign');
    expect(sectionOfPath('signatures')).toBe('signatures');
    expect(sectionOfPath('baseVersion')).toBeNull();
  });
});
