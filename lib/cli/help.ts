import type {Command} from './io.js';

/** `--help` of one command: usage, summary, the flags (from the same declarations parseArgs reads), examples. */
export function commandHelp(command: Command): string {
  const rows = Object.entries(command.flags).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    return [
      `${short}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`,
      spec.description,
    ] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

/** `export-stream --help`: the commands and where to read more. */
export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: export-stream <command> [options]',
    '',
    'Export Croct analytics (events, sessions, users) to NDJSON, CSV or JSON files, resumably.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `export-stream <command> --help` for its options and examples.',
    '',
    'API key: set CROCT_API_KEY, or pass `--api-key-file FILE` (`-` reads it from stdin).',
    '',
    'Exit codes: 0 done, 1 API or runtime error, 2 usage error, 130 SIGINT, 143 SIGTERM.',
    '',
  ].join('\n');
}
