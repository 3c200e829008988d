import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
// `use` renamed: it registers ECharts parts, it is not React's hook.
import { init, use as register, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the KPI charts draw (bars, a line, axes, a legend, a tooltip) on canvas: the full
// `echarts` entry would add every chart type and both renderers to the bundle.
register([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** A chart drawn into `element` (the wrapper sizes it to the element and disposes of it). */
export function createChart(element: HTMLElement): ECharts {
  return init(element, undefined, { renderer: 'canvas' });
}
