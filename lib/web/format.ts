import {type Html, html} from './html.js';

/** A byte count for people: `812 B`, `1.4 KiB`, `3.2 MiB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) {
    return '—';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The time between two instants: `850 ms`, `12.3 s`, `4 min 5 s`; `—` when one is missing. */
export function formatDuration(start: string | undefined, end: string | undefined): string {
  if (start === undefined || end === undefined) {
    return '—';
  }
  const ms = Math.max(0, Date.parse(end) - Date.parse(start));
  if (ms < 1000) {
    return `${ms} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** An ISO instant as `2026-11-25 14:00 UTC` in a `<time>` element. */
export function formatInstant(iso: string | undefined): Html | string {
  if (iso === undefined) {
    return '—';
  }
  const text = iso.replace('T', ' ').replace(/(:\d\d)?(\.\d+)?Z$/, ' UTC');
  return html`<time datetime="${iso}">${text}</time>`;
}

/** A window as `2026-11-25 14:00 → 15:00 UTC` (the end's date only when it differs). */
export function formatWindow(window: {start: string; end: string}): Html {
  const start = window.start.replace('T', ' ').replace(/(:\d\d)?(\.\d+)?Z$/, '');
  const end = window.end.replace('T', ' ').replace(/(:\d\d)?(\.\d+)?Z$/, '');
  const shown = end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end;
  return html`<time datetime="${window.start}">${start}</time> → <time datetime="${window.end}">${shown}</time> UTC`;
}
