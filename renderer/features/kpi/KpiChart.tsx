import { useEffect, useMemo, useRef, useState } from 'react';
import type { ECharts } from 'echarts/core';
import { chartOption, type ChartData } from './chart-option.js';

interface Props {
  /** Names the chart for tests and the e2e's pixel check. */
  id: string;
  title: string;
  data: ChartData;
  format: (value: number) => string;
  /** Spans the whole row (a chart by day has many categories). */
  wide?: boolean;
}

type DrawState = 'loading' | 'drawn' | 'no-canvas';

/**
 * One KPI chart: ECharts is loaded on first use (its own chunk, so a console that never opens the
 * KPIs never downloads it), created on mount, given a new option when the data or the language
 * changes, resized with its box and disposed of on unmount. The same figures sit in a table a
 * screen reader reads (a canvas says nothing), which is also what a page without canvas shows.
 */
export function KpiChart({ id, title, data, format, wide = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);
  const [state, setState] = useState<DrawState>('loading');
  const option = useMemo(() => chartOption(data, format), [data, format]);

  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    let current = true;
    let created: ECharts | null = null;
    let observer: ResizeObserver | null = null;
    void import('./echarts-engine.js').then(({ createChart }) => {
      if (!current) return;
      if (!canvasDraws()) {
        setState('no-canvas');
        return;
      }
      const made = createChart(element);
      created = made;
      observer = new ResizeObserver(() => {
        made.resize();
      });
      observer.observe(element);
      setChart(made);
      setState('drawn');
    });
    return () => {
      current = false;
      observer?.disconnect();
      created?.dispose();
    };
  }, []);

  useEffect(() => {
    // notMerge: a filter that removes a category must remove its bar, not leave the old one.
    chart?.setOption(option, { notMerge: true });
  }, [chart, option]);

  return (
    <figure className={wide ? 'kpi-chart kpi-chart--wide' : 'kpi-chart'} data-testid="kpi-chart" data-chart={id} data-draw-state={state}>
      <figcaption className="kpi-chart__title">{title}</figcaption>
      <div className="kpi-chart__canvas" ref={host} aria-hidden="true" hidden={state === 'no-canvas'} data-testid="kpi-chart-canvas" />
      <table className={state === 'no-canvas' ? 'kpi-chart__table' : 'visually-hidden'} data-testid="kpi-chart-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <td />
            {data.series.map((series) => (
              <th key={series.name} scope="col">
                {series.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.categories.map((category, row) => (
            <tr key={category} data-testid="kpi-chart-row">
              <th scope="row">{category}</th>
              {data.series.map((series) => {
                const value = series.values[row];
                return <td key={series.name}>{value === null || value === undefined ? '–' : format(value)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A page that cannot draw on a 2d canvas (a test's DOM without one) keeps the table only. */
function canvasDraws(): boolean {
  return typeof ResizeObserver !== 'undefined' && document.createElement('canvas').getContext('2d') !== null;
}
