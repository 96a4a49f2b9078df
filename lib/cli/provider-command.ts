import {exportCommand} from './export-command.js';
import {providerHelp} from './help.js';
import type {Command} from './io.js';
import type {AnyProvider} from './providers/provider.js';
import {UsageError} from './usage-error.js';

/**
 * `export-stream <provider>`: the provider's resources as subcommands (`openpanel events`); `run.ts`
 * picks the resource. Run without one, it is a usage error naming the resources.
 */
export function providerCommand(provider: AnyProvider): Command {
  const names = provider.resources.map((resource) => resource.name);
  const command: Command = {
    name: provider.name,
    usage: `export-stream ${provider.name} <resource> [options]`,
    summary: `Export ${provider.title}'s ${names.join(', ')}: run \`export-stream ${provider.name} --help\`.`,
    flags: {},
    examples: [],
    subcommands: provider.resources.map((resource) =>
      exportCommand(provider, resource, `${provider.name} ${resource.name}`),
    ),
    help: () => providerHelp(provider, command),
    run: () => {
      throw new UsageError(
        `Missing the resource: write \`export-stream ${provider.name} <resource>\` with one of ${names.join(', ')}`,
        provider.name,
      );
    },
  };
  return command;
}
