import * as echarts from 'echarts/core';
import { ScatterChart } from 'echarts/charts';
import { Chart, type ChartOption } from '../board/Chart';

// Loaded with React.lazy from EffectivenessPanel, so echarts stays out of the rule screens' chunk. The board's
// wrapper does the work; the precision/coverage whiskers add the scatter series type it does not register.
echarts.use([ScatterChart]);

/** One ECharts chart; the caller gives an accessible label and the figures in words or a table. */
export function GovChart({ option, label, testId }: { option: object; label: string; testId?: string }) {
  return <Chart option={option as ChartOption} label={label} testId={testId} />;
}
