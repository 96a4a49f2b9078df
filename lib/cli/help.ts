import type {Command} from './io.js';
import type {AnyProvider} from './providers/provider.js';

/** `--help` of one command: usage, summary, the flags (from the same declarations parseArgs reads), examples. */
export function commandHelp(command: Command): string {
  if (command.help !== undefined) {
    return command.help();
  }
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

/**
 * How a provider's credentials are given, in one sentence, e.g.
 * ``Croct API key: set CROCT_API_KEY, or pass `--api-key-file FILE` (`-` reads it from stdin).``
 */
export function credentialsHelp(provider: AnyProvider): string {
  const {credentials} = provider;
  const labels = credentials.map((credential) => credential.label).join(' and ');
  const names = credentials.map((credential) => credential.env).join(' and ');
  const flags = credentials
    .map((credential) =>
      credential.file === undefined ? `\`--${credential.flag} ID\`` : `\`--${credential.file} FILE\``,
    )
    .join(' and ');
  return `${provider.title} ${labels}: set ${names}, or pass ${flags} (\`-\` reads it from stdin).`;
}

/** `export-stream <provider> --help`: its resources, credentials and where to read more. */
export function providerHelp(provider: AnyProvider, command: Command): string {
  const resources = command.subcommands!;
  const width = Math.max(...provider.resources.map((resource) => resource.name.length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    '',
    'Resources:',
    ...provider.resources.map((resource) => `  ${resource.name.padEnd(width)}  ${resource.summary}`),
    '',
    `Run \`export-stream ${provider.name} <resource> --help\` for its options and examples.`,
    '',
    credentialsHelp(provider),
    '',
    'Examples:',
    ...resources.flatMap((resource) => resource.examples.slice(0, 1)).map((example) => `  ${example}`),
    '',
  ].join('\n');
}

/** `export-stream --help`: the providers and their resources, the commands and where to read more. */
export function mainHelp(commands: readonly Command[], providers: readonly AnyProvider[]): string {
  const shown = commands.map((command) => [
    command.subcommands === undefined ? command.name : `${command.name} <resource>`,
    command.summary,
  ]);
  const width = Math.max(...shown.map(([name]) => name!.length));
  const catalog = providers.map(
    (provider) => `${provider.title}: ${provider.resources.map((resource) => resource.name).join(', ')}`,
  );
  return [
    'Usage: export-stream <command> [options]',
    '       export-stream <provider> <resource> [options]',
    '',
    `Export analytics (${catalog.join('; ')}) to NDJSON, CSV or JSON files, resumably.`,
    '',
    'Commands:',
    ...shown.map(([name, summary]) => `  ${name!.padEnd(width)}  ${summary}`),
    '',
    `Providers: ${providers.map((provider) => provider.name).join(', ')}. Run \`export-stream <provider> --help\` for its resources,`,
    'and `export-stream <command> --help` (e.g. `export-stream openpanel events --help`) for options and examples.',
    '',
    'Credentials:',
    ...providers.map((provider) => `  ${credentialsHelp(provider)}`),
    '',
    'Exit codes: 0 done, 1 API or runtime error, 2 usage error, 130 SIGINT, 143 SIGTERM.',
    '',
  ].join('\n');
}
