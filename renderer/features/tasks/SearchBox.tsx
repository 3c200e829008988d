import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SEARCH_CHARS } from '../../../shared/contract/index.js';

/** Typing pauses this long before the search goes out; Enter sends it at once. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The search box. It waits for an IME composition (pinyin) to finish before searching, so
 * half-typed syllables are never sent, and Enter that confirms a candidate does not search.
 */
export function SearchBox({ onSearch }: { onSearch: (text: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const composing = useRef(false);

  const cancel = (): void => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  const schedule = (text: string): void => {
    cancel();
    timer.current = setTimeout(() => {
      timer.current = null;
      onSearch(text);
    }, SEARCH_DEBOUNCE_MS);
  };

  useEffect(() => cancel, []);

  return (
    <div className="field field--search">
      <label className="field__label" htmlFor={`${id}-search`}>
        {t('search.label')}
      </label>
      <input
        id={`${id}-search`}
        data-testid="search-input"
        type="search"
        className="search-input"
        value={draft}
        maxLength={MAX_SEARCH_CHARS}
        placeholder={t('search.placeholder')}
        title={t('search.placeholder')}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setDraft(event.target.value);
          if (!composing.current) schedule(event.target.value);
        }}
        onCompositionStart={() => {
          composing.current = true;
          cancel();
        }}
        onCompositionEnd={(event) => {
          composing.current = false;
          schedule(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.nativeEvent.isComposing || composing.current) return;
          event.preventDefault();
          cancel();
          onSearch(event.currentTarget.value);
        }}
      />
    </div>
  );
}
