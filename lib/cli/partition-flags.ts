import {partitionWindow} from '../index.js';
import {type Flags, integerFlag, received, stringFlag} from './arguments.js';
import {UsageError} from './usage-error.js';

/** The environment variables `--partition auto/N` reads its index from, in this order. */
export const SHARD_INDEX_VARIABLES = Object.freeze(['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX']);

/** What `--partitions`, `--ordered` and `--partition` ask for. */
export type PartitionFlags = {
  /** Concurrent cursor chains in this process (`--partitions N`). */
  readonly partitions: number | undefined;
  /** Deliver in window order (`--ordered`); only with `--partitions`. */
  readonly ordered: boolean | undefined;
  /** This process exports shard `index` of `count` equal parts of the window (`--partition i/N`). */
  readonly shard: {readonly index: number; readonly count: number} | undefined;
};

/**
 * Reads the partition flags. `--partition auto/N` takes the index from `JOB_COMPLETION_INDEX` (a
 * Kubernetes Indexed Job) or `AWS_BATCH_JOB_ARRAY_INDEX` (an AWS Batch array job).
 */
export function partitionFlags(
  flags: Flags,
  env: Readonly<Record<string, string | undefined>>,
): PartitionFlags {
  const partitions = integerFlag(flags, 'partitions', 1, 64);
  const ordered = flags.values.ordered === true ? true : undefined;
  if (ordered && partitions === undefined) {
    throw new UsageError('`--ordered` applies to `--partitions N` only', flags.command);
  }
  const text = stringFlag(flags.values, 'partition');
  if (text === undefined) {
    return {partitions, ordered, shard: undefined};
  }
  const match = /^(\d+|auto)\/(\d+)$/.exec(text.trim());
  const count = Number(match?.[2]);
  const variable = SHARD_INDEX_VARIABLES.find((name) => env[name] !== undefined);
  const given = match?.[1] === 'auto' ? (variable === undefined ? undefined : env[variable]) : match?.[1];
  const index = given !== undefined && /^\d+$/.test(given) ? Number(given) : Number.NaN;
  if (match === null || !(count >= 1 && count <= 10_000)) {
    throw new UsageError(
      `Expected \`--partition\` to be i/N (0-based shard i of N, N from 1 to 10000) or auto/N, got ${received(flags, text)}`,
      flags.command,
    );
  }
  if (!(index >= 0 && index < count)) {
    const source = match[1] === 'auto' ? `$${variable ?? SHARD_INDEX_VARIABLES.join(' or $')}` : 'the index';
    throw new UsageError(
      `Expected ${source} of \`--partition\` to be an integer from 0 to ${count - 1}, got ${JSON.stringify(given ?? null)}`,
      flags.command,
    );
  }
  return {partitions, ordered, shard: {index, count}};
}

/**
 * The window shard `shard` exports: part `index` of `count` parts of `[start, end)`, as `cut` makes
 * them (by default the library's `partitionWindow`: equal parts in window order), so that shards in
 * order cover the window exactly once. Every shard must compute the same parts: `--start` and `--end`
 * are required (no "now").
 */
export function shardWindow(
  shard: {readonly index: number; readonly count: number},
  start: number | null,
  end: number | null,
  command: string,
  shards: {readonly cut: typeof partitionWindow; readonly unit: string} = {
    cut: partitionWindow,
    unit: 'milliseconds',
  },
): {start: number; end: number} {
  if (start === null || end === null) {
    throw new UsageError(
      '`--partition` needs `--start` and `--end`: every shard must cut the same window',
      command,
    );
  }
  const part = shards.cut({start, end}, shard.index, shard.count);
  if (part.start === part.end) {
    throw new UsageError(
      `\`--partition ${shard.index}/${shard.count}\` is empty: the window has fewer ${shards.unit} than shards`,
      command,
    );
  }
  return part;
}
