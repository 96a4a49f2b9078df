import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import t from 'tap';
import {PROVIDERS} from '../lib/cli/providers/registry.js';
import {COVEO_RESOURCE_FIELDS} from '../lib/coveo/index.js';
import {CROCT_RESOURCE_FIELDS, type ResourceFields} from '../lib/index.js';
import {OPENPANEL_RESOURCE_FIELDS} from '../lib/openpanel/index.js';
import {resourceShape} from '../lib/requests/item-source.js';
import type {ExportItem} from '../lib/requests/types.js';
import {parseColumns} from '../lib/sinks/index.js';

const lib = join(import.meta.dirname, '..', 'lib');

/** The folders (under lib/) that the modules of `folder` import, from their relative import paths. */
async function importedFolders(folder: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const entry of await readdir(join(lib, folder), {recursive: true})) {
    if (!entry.endsWith('.ts')) {
      continue;
    }
    const text = await readFile(join(lib, folder, entry), 'utf8');
    for (const [, path] of text.matchAll(/from '(\.[^']*)'/g)) {
      const target = join(folder, entry, '..', path!);
      const top = target.includes('/') ? target.split('/')[0]! : 'index';
      if (top !== folder) {
        found.set(top, [...(found.get(top) ?? []), entry]);
      }
    }
  }
  return found;
}

t.test(
  'nothing points back up: no floor below the CLI imports it, the core imports no sibling',
  async (t) => {
    for (const folder of ['core', 'croct', 'openpanel', 'coveo', 'sinks', 'notify', 'requests']) {
      t.notOk((await importedFolders(folder)).get('cli'), `lib/${folder} imports nothing from lib/cli`);
    }
    t.same([...(await importedFolders('core')).keys()], [], 'lib/core imports no other folder');
    for (const provider of ['croct', 'openpanel', 'coveo']) {
      t.same(
        [...(await importedFolders(provider)).keys()],
        ['core'],
        `lib/${provider} imports only lib/core`,
      );
    }
  },
);

const declared: Record<string, Readonly<Record<string, ResourceFields>>> = {
  croct: CROCT_RESOURCE_FIELDS,
  openpanel: OPENPANEL_RESOURCE_FIELDS,
  coveo: COVEO_RESOURCE_FIELDS,
};

t.test(
  'the CLI and the export requests take each resource’s time fields and columns from its library',
  async (t) => {
    for (const provider of PROVIDERS) {
      t.same(
        Object.keys(declared[provider.name]!),
        provider.resources.map((resource) => resource.name),
      );
      for (const resource of provider.resources) {
        const fields = declared[provider.name]![resource.name]!;
        t.equal(resource.columns, fields.columns, `${provider.name} ${resource.name} columns`);
        t.equal(resource.timestampFields, fields.timestampFields, `${provider.name} ${resource.name} times`);
        const item = {provider: provider.name, resource: resource.name} as ExportItem;
        t.same(resourceShape(item), {
          timestampFields: fields.timestampFields,
          columns: parseColumns(fields.columns),
        });
      }
    }
    t.same(CROCT_RESOURCE_FIELDS.sessions.timestampFields.paths, ['window.start', 'window.end']);
    t.same(COVEO_RESOURCE_FIELDS.rows.timestampFields.names, ['datetime']);
  },
);

t.test('the declarations are frozen, lists included: no user can change what the CLI renders', async (t) => {
  for (const fields of Object.values(declared).flatMap((resources) => Object.values(resources))) {
    t.ok(Object.isFrozen(fields) && Object.isFrozen(fields.timestampFields));
    t.ok(Object.isFrozen(fields.timestampFields.names));
  }
  t.throws(() => (CROCT_RESOURCE_FIELDS.events.timestampFields.names as string[]).push('x'), TypeError);
});
