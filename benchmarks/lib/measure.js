import {parseArgs} from 'node:util';

/** The options every question file accepts: `--quick` for the smaller, faster run. */
export function questionArgs() {
  const {values} = parseArgs({options: {quick: {type: 'boolean', default: false}}, strict: true});
  return {quick: values.quick};
}

/** Spins for about `micros` microseconds of CPU: the stand-in for a consumer's per-item work. */
export function busyWork(micros) {
  const until = performance.now() + micros / 1000;
  let spins = 0;
  while (performance.now() < until) {
    spins++;
  }
  return spins;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs `task` and resolves to `{ms, cpuMs, result}`: wall time by the monotonic clock and this
 * process's CPU time (user + system), which the machine's noise disturbs far less.
 */
export async function timed(task) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await task();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {ms, cpuMs: (used.user + used.system) / 1000, result};
}

/** A markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = {
  // Three decimals near a target, so that a value just under it never prints as the target itself.
  // Near a target: three decimals, truncated, so that a value just under it never prints as the target.
  ratio: (value, target) =>
    target !== undefined && Math.abs(value - target) < 0.01
      ? `${(Math.floor(value * 1000) / 1000).toFixed(3)}x`
      : `${value.toFixed(2)}x`,
  int: (value) => Math.round(value).toLocaleString('en-US'),
  ms: (value) => (value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`),
  mib: (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  met: (ok) => (ok ? 'met' : '**not met**'),
};

/** Progress for humans goes to stderr; stdout carries only the question's markdown. */
export function log(...parts) {
  process.stderr.write(`${parts.join(' ')}\n`);
}
