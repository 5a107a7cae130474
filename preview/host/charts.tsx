/**
 * HubSpot's BarChart and LineChart as small inline SVGs for the local preview: the same data, axes and title, drawn
 * plainly (HubSpot draws them with its own chart library). Categories on x, a linear value on y; datetime x values are
 * spaced by time.
 */
import type * as ui from '@hubspot/ui-extensions';
import type { ComponentType } from 'react';

type PropsOf<C> = C extends ComponentType<infer P> ? P : never;
type ChartProps = PropsOf<typeof ui.BarChart>;
type Row = Record<string, number | string>;

const WIDTH = 480;
const HEIGHT = 220;
const PAD = { top: 16, right: 16, bottom: 44, left: 44 };
/** Room a rotated category label takes below the axis. */
const ROTATED_LABELS = 48;
/** About how wide a character of a 10px tick label is. */
const CHAR_PX = 5.6;

function rowsOf(data: ChartProps['data']): Row[] {
  return Array.isArray(data) ? data : data.data;
}

/**
 * A "nice" upper bound for the y axis (1, 2, 2.5 or 5 × a power of ten) and its tick values; whole steps when the
 * values are counts.
 */
export function yTicks(max: number, wholeNumbers = false): number[] {
  if (!(max > 0)) return [0, 1];
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(max / 4))).find((s) => max / s <= 5) ?? max;
  const step = wholeNumbers ? Math.max(1, Math.round(nice)) : nice;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(Number(t.toPrecision(6)));
  return ticks;
}

function Frame({ title, testId, children, ticks, yLabel, xLabel, width = WIDTH, extraBottom = 0 }: {
  title: string | undefined;
  testId: string | undefined;
  children: React.ReactNode;
  ticks: number[];
  yLabel: string | undefined;
  xLabel: string | undefined;
  width?: number;
  extraBottom?: number;
}) {
  const top = ticks[ticks.length - 1] ?? 1;
  const height = HEIGHT + extraBottom;
  const y = (v: number) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - v / top);
  return (
    <figure className="hs-chart" style={width > WIDTH ? { maxWidth: `${Math.round(width * 1.15)}px` } : undefined} {...(testId === undefined ? {} : { 'data-testid': testId })}>
      {title !== undefined && <figcaption className="hs-chart-title">{title}</figcaption>}
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title ?? 'chart'}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="hs-chart-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="hs-chart-tick">
              {t}
            </text>
          </g>
        ))}
        {children}
        {yLabel !== undefined && (
          <text x={12} y={HEIGHT / 2} transform={`rotate(-90 12 ${HEIGHT / 2})`} textAnchor="middle" className="hs-chart-axis">
            {yLabel}
          </text>
        )}
        {xLabel !== undefined && (
          <text x={(PAD.left + width - PAD.right) / 2} y={height - 4} textAnchor="middle" className="hs-chart-axis">
            {xLabel}
          </text>
        )}
      </svg>
    </figure>
  );
}

export function BarChart({ data, axes, options, testId }: PropsOf<typeof ui.BarChart>) {
  const rows = rowsOf(data);
  const values = rows.map((row) => Number(row[axes.y.field]) || 0);
  const ticks = yTicks(Math.max(0, ...values), values.every(Number.isInteger));
  const top = ticks[ticks.length - 1] ?? 1;
  // Many categories get a wider chart rather than thinner bars.
  const width = Math.max(WIDTH, PAD.left + PAD.right + rows.length * 44);
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = rows.length === 0 ? plotW : plotW / rows.length;
  const barW = Math.min(56, slot * 0.6);
  const labels = rows.map((row) => String(row[axes.x.field] ?? ''));
  // Labels wider than their slot are turned, so neighbours do not overlap.
  const rotated = labels.some((label) => label.length * CHAR_PX > slot - 4);
  // One series is one colour, as in HubSpot; a colour list colours the bars in turn.
  const colors = options?.colorList ?? options?.colors;
  return (
    <Frame title={options?.title} testId={testId} ticks={ticks} yLabel={axes.y.label} xLabel={axes.x.label} width={width} extraBottom={rotated ? ROTATED_LABELS : 0}>
      {rows.map((_row, index) => {
        const value = values[index] ?? 0;
        const h = (plotH * value) / top;
        const x = PAD.left + slot * index + (slot - barW) / 2;
        const label = labels[index] ?? '';
        const shown = label.length > 22 ? `${label.slice(0, 21)}…` : label;
        const color = colors?.[index % colors.length];
        return (
          <g key={`${label}-${index}`} className="hs-chart-bar" data-label={label} data-value={value}>
            <rect x={x} y={PAD.top + plotH - h} width={barW} height={h} rx={2} className={color === undefined ? 'hs-chart-fill' : `hs-chart-${color}`} />
            {options?.showDataLabels && (
              <text x={x + barW / 2} y={PAD.top + plotH - h - 4} textAnchor="middle" className="hs-chart-value">
                {value}
              </text>
            )}
            {rotated ? (
              <text x={x + barW / 2} y={PAD.top + plotH + 12} textAnchor="end" transform={`rotate(-35 ${x + barW / 2} ${PAD.top + plotH + 12})`} className="hs-chart-tick">
                {shown}
              </text>
            ) : (
              <text x={x + barW / 2} y={PAD.top + plotH + 14} textAnchor="middle" className="hs-chart-tick">
                {shown}
              </text>
            )}
          </g>
        );
      })}
    </Frame>
  );
}

export function LineChart({ data, axes, options, testId }: PropsOf<typeof ui.LineChart>) {
  const rows = rowsOf(data);
  const values = rows.map((row) => Number(row[axes.y.field]) || 0);
  const ticks = yTicks(Math.max(0, ...values), values.every(Number.isInteger));
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const xs = rows.map((row, index) => (axes.x.fieldType === 'datetime' ? Date.parse(String(row[axes.x.field])) : index));
  const minX = Math.min(...xs);
  const spanX = Math.max(...xs) - minX || 1;
  const points = rows.map((_, index) => ({
    x: PAD.left + (plotW * ((xs[index] ?? 0) - minX)) / spanX,
    y: PAD.top + plotH * (1 - (values[index] ?? 0) / top),
  }));
  const label = (row: Row) => {
    const raw = String(row[axes.x.field] ?? '');
    return axes.x.fieldType === 'datetime' ? raw.slice(0, 10) : raw;
  };
  return (
    <Frame title={options?.title} testId={testId} ticks={ticks} yLabel={axes.y.label} xLabel={axes.x.label}>
      <polyline points={points.map((p) => `${p.x},${p.y}`).join(' ')} className="hs-chart-line" />
      {points.map((p, index) => (
        <circle key={index} cx={p.x} cy={p.y} r={3} className="hs-chart-point" data-value={values[index]}>
          <title>{`${label(rows[index] ?? {})}: ${values[index]}`}</title>
        </circle>
      ))}
      {rows.length > 0 && (
        <>
          <text x={points[0]?.x} y={PAD.top + plotH + 14} textAnchor="start" className="hs-chart-tick">
            {label(rows[0] ?? {})}
          </text>
          <text x={points[points.length - 1]?.x} y={PAD.top + plotH + 14} textAnchor="end" className="hs-chart-tick">
            {label(rows[rows.length - 1] ?? {})}
          </text>
        </>
      )}
    </Frame>
  );
}
