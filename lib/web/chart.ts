import {type Html, html} from './html.js';

/** What the chart needs of a job. */
export type ChartJob = {
  readonly window: {readonly start: string; readonly end: string; readonly key: string};
  readonly status: string;
  readonly rows?: number | undefined;
};

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 56;
const BOTTOM = 28;
const TOP = 12;

/** Windows shown at most: the latest ones. */
export const CHART_WINDOWS = 60;

/**
 * Rows per window of a recurring request as a server-rendered SVG bar chart (no script, no inline
 * style: presentation comes from the style sheet's classes). Each bar has a `<title>` with its
 * window and rows, and the figure a text summary for screen readers. Rows of every item of a window
 * are added up; windows not exported yet are left out.
 */
export function rowsChart(jobs: readonly ChartJob[]): Html {
  const totals = new Map<string, {start: string; rows: number}>();
  for (const job of jobs) {
    if (job.rows === undefined) {
      continue;
    }
    const entry = totals.get(job.window.key) ?? {start: job.window.start, rows: 0};
    entry.rows += job.rows;
    totals.set(job.window.key, entry);
  }
  const windows = [...totals.values()].sort((a, b) => a.start.localeCompare(b.start)).slice(-CHART_WINDOWS);
  if (windows.length === 0) {
    return html`<p class="muted">No window has been exported yet.</p>`;
  }
  const max = Math.max(1, ...windows.map((window) => window.rows));
  const plotWidth = WIDTH - LEFT - 8;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = plotWidth / windows.length;
  const barWidth = Math.max(1, step * 0.8);
  const bars = windows.map((window, index) => {
    const height = (window.rows / max) * plotHeight;
    const x = LEFT + index * step + (step - barWidth) / 2;
    const y = TOP + plotHeight - height;
    return html`<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}"><title>${label(window.start)}: ${window.rows} rows</title></rect>`;
  });
  const busiest = windows.reduce((a, b) => (b.rows > a.rows ? b : a));
  const first = windows[0]!;
  const last = windows.at(-1)!;
  const summary = `${windows.length} windows from ${label(first.start)} to ${label(last.start)}; most rows: ${busiest.rows} in the window of ${label(busiest.start)}.`;
  const axisY = TOP + plotHeight;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Rows per window</title><desc id="chart-desc">${summary}</desc>${bars}<line class="axis" x1="${LEFT}" y1="${axisY}" x2="${WIDTH - 8}" y2="${axisY}"></line><line class="axis" x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${axisY}"></line><text x="${LEFT - 6}" y="${TOP + 10}" text-anchor="end">${max}</text><text x="${LEFT - 6}" y="${axisY}" text-anchor="end">0</text><text x="${LEFT}" y="${HEIGHT - 8}">${label(first.start)}</text><text x="${WIDTH - 8}" y="${HEIGHT - 8}" text-anchor="end">${label(last.start)}</text></svg>`;
}

function label(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
