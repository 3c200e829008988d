import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalMessageKeys, journalParamNames, type JournalMessageKey } from '../../shared/contract/index.js';
import { en } from '../../renderer/i18n/en.js';
import { zhCN } from '../../renderer/i18n/zh-CN.js';

/**
 * Every message the core can write to the sync journal has its text in both languages, with
 * exactly the parameters the core passes. The keys are walked from the catalog the core's
 * `JournalMessage` type is made of (so the core can write no other), and the core's sources are
 * read to prove it writes each one (no text is kept for a message that no longer exists).
 */
const languages = { 'zh-CN': zhCN, en } as const;

function textOf(messages: typeof zhCN, key: JournalMessageKey): unknown {
  const [group, name] = key.split('.') as [keyof typeof zhCN.journalMessage, string];
  return (messages.journalMessage[group] as Record<string, unknown>)[name];
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((match) => match[1] ?? '').sort();
}

function coreSources(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('sync journal messages', () => {
  it('walks a catalog of every group the core writes', () => {
    expect(journalMessageKeys.length).toBeGreaterThan(20);
    expect(new Set(journalMessageKeys.map((key) => key.split('.')[0]))).toEqual(new Set(['pull', 'push', 'assignment', 'attachment', 'reference', 'signIn', 'failure']));
  });

  for (const [language, messages] of Object.entries(languages)) {
    it(`has a ${language} text for each message, naming exactly its parameters`, () => {
      for (const key of journalMessageKeys) {
        const text = textOf(messages, key);
        expect(typeof text, key).toBe('string');
        expect((text as string).trim(), key).not.toBe('');
        expect(placeholders(text as string), key).toEqual([...journalParamNames(key)].sort());
      }
    });
  }

  it('has Chinese in every zh-CN text', () => {
    for (const key of journalMessageKeys) expect(textOf(zhCN, key), key).toMatch(/\p{Script=Han}/u);
  });

  it('keeps a text only for messages the core writes', () => {
    const sources = coreSources(path.resolve('electron/core'));
    expect(journalMessageKeys.filter((key) => !sources.includes(`'${key}'`))).toEqual([]);
  });
});
