import { MAX_SEARCH_CHARS } from '../../../shared/contract/index.js';
import { validateContainerNo, validateDeclarationNo, validateUscc } from '../../../shared/domain/index.js';

/**
 * How a search box text becomes FTS5 queries. Terms are ANDed. A term of three or more characters
 * is a substring query on the trigram table; a two-character Chinese term is a token query on the
 * bigram table (the trigram tokenizer matches nothing under three characters, and a LIKE scan of
 * the goods text is far too slow at a million tasks).
 */
export interface SearchPlan {
  /** FTS5 query for task_text (trigram), or null. */
  readonly trigram: string | null;
  /** FTS5 query for task_cjk (bigram tokens), or null. */
  readonly cjk: string | null;
  /**
   * Complete identifiers, answered by B-tree indexes: a trigram phrase of 18 characters would
   * read 16 long doclists.
   */
  readonly exact: ExactTerms;
  /** Every term as it must appear in a task's search document (NFKC, lower case). */
  readonly terms: readonly string[];
}

export interface ExactTerms {
  readonly uscc?: string;
  readonly declarationNo?: string;
  readonly containerNo?: string;
}

export class SearchInputError extends Error {
  constructor(
    message: string,
    readonly term: string,
  ) {
    super(message);
    this.name = 'SearchInputError';
  }
}

const MAX_TERMS = 8;
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
/** `CSQU 305438 3` and similar: a container number typed the way it is painted on the box. */
const SPACED_CONTAINER = /^([A-Za-z]{4})\s*(\d{6})\s*(\d)$/;

export function planSearch(text: string): SearchPlan | null {
  const normalized = text.normalize('NFKC').trim().slice(0, MAX_SEARCH_CHARS);
  if (normalized === '') return null;
  const container = SPACED_CONTAINER.exec(normalized);
  const terms = container ? [container.slice(1).join('')] : normalized.split(/\s+/u);
  if (terms.length > MAX_TERMS) throw new SearchInputError(`at most ${MAX_TERMS} search terms`, normalized);
  const trigram: string[] = [];
  const cjk: string[] = [];
  const exact: { uscc?: string; declarationNo?: string; containerNo?: string } = {};
  for (const term of terms) {
    const chars = Array.from(term); // code points: one per Chinese character
    const identifier = identifierOf(term.toUpperCase());
    if (identifier && exact[identifier.kind] === undefined) exact[identifier.kind] = identifier.value;
    else if (chars.length >= 3) trigram.push(quote(term));
    else if (chars.length === 2 && chars.every((char) => HAN.test(char))) cjk.push(quote(term));
    else throw new SearchInputError('a search term needs 3 letters or digits, or 2 Chinese characters', term);
  }
  return {
    trigram: trigram.length > 0 ? trigram.join(' ') : null,
    cjk: cjk.length > 0 ? cjk.join(' ') : null,
    exact,
    terms: terms.map((term) => term.toLowerCase()),
  };
}

/** A term that is one complete identifier, and only one kind of it (an all-digit USCC can look like a declaration). */
function identifierOf(term: string): { kind: keyof ExactTerms; value: string } | null {
  const kinds: { kind: keyof ExactTerms; value: string }[] = [];
  if (validateDeclarationNo(term, { minYear: 1990, maxYear: 2100 }).ok) kinds.push({ kind: 'declarationNo', value: term });
  if (validateUscc(term).ok) kinds.push({ kind: 'uscc', value: term });
  if (validateContainerNo(term).ok) kinds.push({ kind: 'containerNo', value: term });
  return kinds.length === 1 ? (kinds[0] ?? null) : null;
}

/** An FTS5 string literal: the term is matched as typed, never parsed as query syntax. */
function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** The bigram document for task_cjk: every two-character window of every run of Chinese characters. */
export function cjkBigrams(...texts: readonly string[]): string {
  const grams = new Set<string>();
  for (const text of texts) {
    for (const run of text.match(HAN_RUN) ?? []) {
      const chars = Array.from(run);
      for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i] ?? ''}${chars[i + 1] ?? ''}`);
    }
  }
  return [...grams].join(' ');
}
