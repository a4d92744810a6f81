import { fmt, plural } from '../../domain/words';
import { DataTable } from './data-table';

export interface Point {
  label: string;
  value: number;
}

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { top: 16, bottom: 18, left: 4, right: 4 };
let chartCount = 0;

/** The base line and the first and last period's names. */
function Axis(props: { first: string; last: string }) {
  return (
    <>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} stroke="#8a929c" />
      <text x={PAD.left} y={HEIGHT - 4} font-size="10" fill="#4b5563">
        {props.first}
      </text>
      <text x={WIDTH - PAD.right} y={HEIGHT - 4} font-size="10" fill="#4b5563" text-anchor="end">
        {props.last}
      </text>
    </>
  );
}

/** Every number a chart draws, as a table: the chart's text alternative. */
function ChartData(props: { labels: string[]; columns: Array<{ name: string; values: number[] }> }) {
  return (
    <details>
      <summary>Data table</summary>
      <DataTable
        rows={props.labels}
        columns={[
          { head: 'Period', rowHead: true, cell: (label) => label },
          ...props.columns.map((column) => ({ head: column.name, num: true, cell: (_: string, i: number) => fmt(column.values[i] ?? 0) })),
        ]}
      />
    </details>
  );
}

/**
 * A small bar chart, drawn on the server as SVG: named for screen readers, a
 * one-line summary in words, and the numbers in a table beneath.
 */
/** `unit` names one and many of what is counted: ['engaged read', 'engaged reads']. */
export function BarChart(props: { title: string; points: Point[]; unit: [string, string]; note?: string }) {
  const id = `chart-${++chartCount}`;
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const total = props.points.reduce((sum, p) => sum + p.value, 0);
  const peak = props.points.reduce<Point | undefined>((best, p) => (!best || p.value > best.value ? p : best), undefined);
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, props.points.length);
  const barWidth = Math.max(1, step * 0.8);
  const usable = HEIGHT - PAD.top - PAD.bottom;
  const summary = total === 0 ? `None in this range.` : `${plural(total, ...props.unit)} in all; most in ${peak!.label} (${fmt(peak!.value)}).`;
  const first = props.points[0]?.label ?? '';
  const last = props.points.at(-1)?.label ?? '';
  return (
    <figure aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        {props.title}
        <span class="summary">{summary}</span>
        {props.note ? <span class="summary">{props.note}</span> : null}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${props.title}: ${summary}`}>
        {props.points.map((p, i) => {
          const h = (p.value / max) * usable;
          return (
            <rect x={PAD.left + i * step + (step - barWidth) / 2} y={HEIGHT - PAD.bottom - h} width={barWidth} height={h} fill="#2f6fb3">
              <title>{`${p.label}: ${fmt(p.value)}`}</title>
            </rect>
          );
        })}
        <Axis first={first} last={last} />
        <text x={PAD.left} y={2} font-size="10" fill="#4b5563" dominant-baseline="hanging">
          {`max ${fmt(max)}`}
        </text>
      </svg>
      <ChartData labels={props.points.map((p) => p.label)} columns={[{ name: props.title, values: props.points.map((p) => p.value) }]} />
    </figure>
  );
}

const PALETTE = ['#2f6fb3', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d', '#4d7c0f', '#475569'];

/** Stacked bars, one colour per series, with a legend and the table beneath. */
export function StackedChart(props: { title: string; labels: string[]; series: Array<{ name: string; values: number[] }> }) {
  const id = `chart-${++chartCount}`;
  const totals = props.labels.map((_, i) => props.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const total = totals.reduce((a, b) => a + b, 0);
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, props.labels.length);
  const barWidth = Math.max(1, step * 0.8);
  const usable = HEIGHT - PAD.top - PAD.bottom;
  const byKind = props.series.map((s) => `${s.name} ${fmt(s.values.reduce((a, b) => a + b, 0))}`).join(', ');
  const summary = total === 0 ? 'None in this range.' : `${fmt(total)} in all: ${byKind}.`;
  return (
    <figure aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        {props.title}
        <span class="summary">{summary}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${props.title}: ${summary}`}>
        {props.labels.map((label, i) => {
          let y = HEIGHT - PAD.bottom;
          return props.series.map((s, k) => {
            const h = ((s.values[i] ?? 0) / max) * usable;
            y -= h;
            return h > 0 ? (
              <rect x={PAD.left + i * step + (step - barWidth) / 2} y={y} width={barWidth} height={h} fill={PALETTE[k % PALETTE.length]}>
                <title>{`${label}, ${s.name}: ${fmt(s.values[i] ?? 0)}`}</title>
              </rect>
            ) : null;
          });
        })}
        <Axis first={props.labels[0] ?? ''} last={props.labels.at(-1) ?? ''} />
      </svg>
      <ul class="legend">
        {props.series.map((s, k) => (
          <li>
            <span class="swatch" style={`background:${PALETTE[k % PALETTE.length]}`}></span>
            {s.name}
          </li>
        ))}
      </ul>
      <ChartData labels={props.labels} columns={props.series.map((series) => ({ name: series.name, values: series.values }))} />
    </figure>
  );
}
