// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every visible text of the renderer goes through i18next. This scan parses each renderer/**\/*.tsx
 * file and reports text a person would read that is written in the component instead:
 * - JSX text containing a letter (any script): <span>查验</span>, <p>Loading</p>;
 * - a string literal as a JSX child: <p>{'Pending'}</p>;
 * - a literal in an attribute people read (title, placeholder, aria-label, alt…);
 * - any literal with Chinese/Japanese/Korean characters, anywhere outside renderer/i18n/;
 * - a literal that reads like prose (a letter and a space), unless it is a className value.
 * Test ids, class names, keys, values and imports are code, not text, and are allowed.
 */
const TEXT_ATTRIBUTES = new Set([
  'title',
  'placeholder',
  'alt',
  'label',
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
]);
const LETTER = /\p{L}/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** A letter and a space in one piece: reads like words, not like an id, a key or a CSS token. */
const PROSE = /\p{L}[^\n]*\s[^\n]*\p{L}/u;

export interface Finding {
  line: number;
  text: string;
  why: string;
}

/** The literal's text pieces (a template's pieces between substitutions), or null if not a literal. */
function literalParts(node: ts.Node): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
  return null;
}

/** Operators whose result may be one of their operands (a comparison's is a boolean: its literals are never shown). */
const VALUE_OPERATORS = new Set([ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken]);

/** Nodes through which a literal still forms the value of the attribute around it. */
function composesValue(node: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isConditionalExpression(node) ||
    (ts.isBinaryExpression(node) && VALUE_OPERATORS.has(node.operatorToken.kind)) ||
    ts.isTemplateSpan(node) ||
    ts.isTemplateExpression(node) ||
    ts.isJsxExpression(node)
  );
}

/** The JSX attribute whose value this literal is (directly or through ?:, +, ??, templates), if any. */
function attributeOf(node: ts.Node): string | null {
  let at: ts.Node = node.parent;
  while (composesValue(at)) {
    if (ts.isJsxExpression(at) && ts.isJsxAttribute(at.parent)) return at.parent.name.getText();
    at = at.parent;
  }
  return ts.isJsxAttribute(at) ? at.name.getText() : null;
}

/** A translation key: the first argument of t(…) or i18n.t(…). */
function isTranslationKey(node: ts.Node): boolean {
  const call = node.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  const callee = call.expression;
  return (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't');
}

/** A JSX child written as {'text'} or {cond ? 'a' : 'b'}. */
function isJsxChild(node: ts.Node): boolean {
  let at: ts.Node = node.parent;
  while (composesValue(at) && !ts.isJsxExpression(at)) at = at.parent;
  return ts.isJsxExpression(at) && !ts.isJsxAttribute(at.parent);
}

export function scanSource(fileName: string, source: string, allowCjk = false): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string, why: string) => {
    findings.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: text.trim(), why });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isJsxText(node)) {
      if (LETTER.test(node.text)) report(node, node.text, 'JSX text');
      return;
    }
    const parts = literalParts(node);
    if (parts !== null && !isTranslationKey(node)) {
      const text = parts.join('…');
      const attribute = attributeOf(node);
      const hasLetter = parts.some((part) => LETTER.test(part));
      if (!allowCjk && parts.some((part) => CJK.test(part))) report(node, text, 'Chinese/Japanese/Korean text outside renderer/i18n');
      else if (isJsxChild(node) && hasLetter) report(node, text, 'string literal as JSX child');
      else if (attribute !== null && TEXT_ATTRIBUTES.has(attribute) && hasLetter) report(node, text, `literal ${attribute}`);
      else if (attribute !== 'className' && parts.some((part) => PROSE.test(part))) report(node, text, 'prose-like string literal');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

const rendererRoot = path.resolve(import.meta.dirname, '../../renderer');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(tsx?)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('no hard-coded UI text in the renderer', () => {
  it('catches the mistakes it is meant to catch', () => {
    const bad = [
      '<span>查验</span>',
      '<p>Pending</p>',
      "<p>{'Pending'}</p>",
      "<p>{name ?? 'Unnamed'}</p>",
      "<p>{ready && 'Ready'}</p>",
      '<input placeholder="Search containers" />',
      '<button aria-label="关闭">x</button>',
      'const label = `共 ${n} 项`;',
      "const message = 'No tasks found';",
      '<img alt="logo" />',
    ];
    for (const snippet of bad) {
      expect(scanSource('bad.tsx', `export const X = () => { ${snippet.startsWith('<') ? `return ${snippet};` : snippet} };`), snippet).not.toEqual([]);
    }
    const good = [
      "<span className=\"task-row is-selected\" data-testid=\"task-row\">{t('status.pending')}</span>",
      "<input type=\"search\" placeholder={t('search.placeholder')} />",
      '<div className={`badge badge--${priority}`} role="option" />',
      "<option value=\"open\">{t('statusFilter.open')}</option>",
      "<p>{row.consigneeName}</p>",
      "<code>{error.code}: {error.message}</code>",
      "<p>{state === 'running' ? t('backup.running') : t('backup.now')}</p>",
      "<p>{'done' in outcome && outcome.done}</p>",
    ];
    for (const snippet of good) {
      expect(scanSource('good.tsx', `export const X = () => { return ${snippet}; };`), snippet).toEqual([]);
    }
  });

  it('finds no visible text written in a component', () => {
    const files = sourceFiles(rendererRoot);
    const tsxFiles = files.filter((file) => file.endsWith('.tsx'));
    expect(tsxFiles.length).toBeGreaterThan(8);
    const problems: string[] = [];
    for (const file of files) {
      const relative = path.relative(rendererRoot, file);
      const inI18n = relative.startsWith(`i18n${path.sep}`);
      if (inI18n) continue;
      const source = readFileSync(file, 'utf8');
      // .ts modules (hooks, transports) are scanned for CJK only; their English strings are errors for logs.
      const findings = file.endsWith('.tsx') ? scanSource(file, source) : scanSource(file, source).filter((f) => CJK.test(f.text));
      for (const finding of findings) problems.push(`${relative}:${finding.line} ${finding.why}: ${finding.text}`);
    }
    expect(problems).toEqual([]);
  });
});
