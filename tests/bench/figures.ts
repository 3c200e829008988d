import fs from 'node:fs';
import path from 'node:path';

/** One measured figure, the common format every benchmark writes to bench-results/<benchmark>.json. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same measurement without the app's layers, in the same run (null where none applies). */
  baseline: number | null;
  ratio: number | null;
  /** Human-readable target, e.g. "<= 10 ms" (null when the figure is reported without a target). */
  target: string | null;
  pass: boolean | null;
}

export interface FigureInput {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  /** The value must be at most this. */
  max?: number;
  /** The ratio value/baseline must be at most this. */
  maxRatio?: number;
  /** The value must be at least this. */
  min?: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function figure(input: FigureInput): Figure {
  const ratio = input.baseline !== undefined && input.baseline > 0 ? round(input.value / input.baseline) : null;
  const targets: string[] = [];
  let pass: boolean | null = null;
  const check = (ok: boolean) => {
    pass = (pass ?? true) && ok;
  };
  if (input.max !== undefined) {
    targets.push(`<= ${input.max} ${input.unit}`);
    check(input.value <= input.max);
  }
  if (input.min !== undefined) {
    targets.push(`>= ${input.min} ${input.unit}`);
    check(input.value >= input.min);
  }
  if (input.maxRatio !== undefined && ratio !== null) {
    targets.push(`<= ${input.maxRatio}x baseline`);
    check(ratio <= input.maxRatio);
  }
  return {
    name: input.name,
    value: round(input.value),
    unit: input.unit,
    baseline: input.baseline === undefined ? null : round(input.baseline),
    ratio,
    target: targets.length > 0 ? targets.join(' and ') : null,
    pass,
  };
}

export function writeFigures(benchmark: string, figures: readonly Figure[]): string {
  const dir = path.resolve('bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${benchmark}.json`);
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  return file;
}

export function printFigures(benchmark: string, figures: readonly Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.baseline === null ? '' : `${f.baseline} ${f.unit}`,
    f.ratio === null ? '' : `${f.ratio}x`,
    f.target ?? '',
    f.pass === null ? '' : f.pass ? 'pass' : 'MISS',
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n## ${benchmark}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
