import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type KpiChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** One named row of values, one value a category (null: nothing to show there, e.g. no release that day). */
export interface ChartSeries {
  name: string;
  values: readonly (number | null)[];
}

/** What a KPI chart shows, in the words of the UI's language; the same data fills the chart and its table. */
export interface ChartData {
  kind: 'bar' | 'line';
  categories: readonly string[];
  series: readonly ChartSeries[];
}

/** Colours of the console (styles.css: accent, danger, warn, ok), told apart in print and by colour-blind readers by their lightness. */
const PALETTE = ['#0b4f8a', '#b3141a', '#8a4b00', '#136c2e', '#6b7280'];
const TEXT = '#111827';
const LINE = '#c7ced6';
/** The UI's font stack (styles.css), so Chinese labels on the canvas use the same glyphs as the page. */
const FONT = "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', system-ui, sans-serif";

/**
 * The ECharts option of a KPI chart: categories along the bottom, one series a KPI, values and
 * tooltips formatted per the UI's locale by `format`. Without animation: a supervisor comparing
 * filters wants the new figures at once, and a wall display redraws them every few minutes.
 */
export function chartOption(data: ChartData, format: (value: number) => string): KpiChartOption {
  const formatValue = (value: unknown): string => (typeof value === 'number' ? format(value) : '–');
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: FONT, color: TEXT, fontSize: 13 },
    grid: { left: 8, right: 16, top: data.series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    legend: { show: data.series.length > 1, top: 0, textStyle: { color: TEXT } },
    tooltip: { trigger: 'axis', valueFormatter: formatValue },
    xAxis: {
      type: 'category',
      data: [...data.categories],
      axisLabel: { color: TEXT, hideOverlap: true },
      axisLine: { lineStyle: { color: LINE } },
    },
    yAxis: {
      type: 'value',
      // Every KPI chart draws counts: no tick between two whole numbers.
      minInterval: 1,
      axisLabel: { color: TEXT, formatter: (value: number) => format(value) },
      splitLine: { lineStyle: { color: LINE, type: 'dashed' } },
    },
    series: data.series.map((series) =>
      data.kind === 'line'
        ? { type: 'line', name: series.name, data: [...series.values], connectNulls: false, symbolSize: 6 }
        : { type: 'bar', name: series.name, data: [...series.values], barMaxWidth: 36 },
    ),
  };
}
