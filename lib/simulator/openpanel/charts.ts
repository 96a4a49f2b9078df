import {QueryError} from './events-query.js';
import {nameAt} from './generate-event.js';
import type {QueryValue} from './query-string.js';
import type {EventTable, Selection} from './table.js';

const DAY = 86_400_000;

const INTERVALS = ['minute', 'hour', 'day', 'week', 'month'] as const;

type Interval = (typeof INTERVALS)[number];

/** A validated `GET /export/charts` query (the subset the simulator answers). */
type ChartsQuery = {
  projectId: string | undefined;
  names: string[];
  interval: Interval;
  from: number;
  to: number;
};

function bucketStart(time: number, interval: Interval): number {
  const date = new Date(time);
  switch (interval) {
    case 'minute':
      return time - (time % 60_000);
    case 'hour':
      return time - (time % 3_600_000);
    case 'day':
      return time - (time % DAY);
    case 'week':
      // ISO weeks start on Monday; 1970-01-01 was a Thursday.
      return time - ((time - 4 * DAY) % (7 * DAY));
    default:
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
}

function nextBucket(start: number, interval: Interval): number {
  const date = new Date(start);
  const sizes = {minute: 60_000, hour: 3_600_000, day: DAY, week: 7 * DAY};
  return interval === 'month'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
    : start + sizes[interval];
}

/** Validates the chart query: `series` (or legacy `events`) as `[{name}]`, `interval`, `startDate`/`endDate`. */
function validateChartsQuery(query: Record<string, QueryValue>, now: number): ChartsQuery {
  const series = query.series ?? query.events ?? [];
  if (!Array.isArray(series) || series.some((item) => typeof item?.name !== 'string')) {
    throw new QueryError('querystring/series Expected array of {name: string}');
  }
  const interval = query.interval ?? 'day';
  if (!(INTERVALS as readonly unknown[]).includes(interval)) {
    throw new QueryError(
      `querystring/interval Invalid enum value. Expected ${INTERVALS.map((i) => `'${i}'`).join(' | ')}`,
    );
  }
  const date = (name: string, fallback: number): number => {
    const value = query[name];
    const time = value === undefined ? fallback : new Date(String(value)).getTime();
    if (Number.isNaN(time)) {
      throw new QueryError(`querystring/${name} Invalid date`);
    }
    return time;
  };
  const to = date('endDate', now);
  const projectId = query.projectId ?? query.project_id;
  return {
    projectId: typeof projectId === 'string' && projectId !== '' ? projectId : undefined,
    names: series.map((item: {name: string}) => item.name),
    interval: interval as Interval,
    from: date('startDate', bucketStart(to, 'day') - 30 * DAY),
    to,
  };
}

/** The counts of each series per interval, shaped like OpenPanel's `FinalChart` (without `previous`). */
function chart(table: EventTable, seed: number, query: ChartsQuery): Record<string, unknown> {
  const totals: number[] = [];
  const series = query.names.map((name) => {
    const match = (index: number) => nameAt(seed, index) === name;
    const data: Array<{date: string; count: number}> = [];
    for (
      let start = bucketStart(query.from, query.interval);
      start <= query.to;
      start = nextBucket(start, query.interval)
    ) {
      const selection: Selection = {
        from: start,
        to: nextBucket(start, query.interval),
        match,
        key: `chart:${name}`,
      };
      data.push({date: new Date(start).toISOString(), count: table.count(selection)});
    }
    const counts = data.map((point) => point.count);
    const sum = counts.reduce((a, b) => a + b, 0);
    totals.push(sum);
    return {id: name, names: [name], event: {name}, metrics: metricsOf(counts, sum), data};
  });
  return {
    series,
    metrics: metricsOf(
      totals,
      totals.reduce((a, b) => a + b, 0),
    ),
  };
}

function metricsOf(values: number[], sum: number): Record<string, number> {
  const count = values.length;
  return {
    sum,
    average: count === 0 ? 0 : sum / count,
    min: count === 0 ? 0 : Math.min(...values),
    max: count === 0 ? 0 : Math.max(...values),
    count,
  };
}

export type {ChartsQuery};
export {chart, validateChartsQuery};
