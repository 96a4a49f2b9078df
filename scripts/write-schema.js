// Writes schema/export-request.schema.json from the schema constant (run `npm run build` first):
// the shipped file is generated, never edited; test/requests-schema-file.test.ts fails when it is stale.
import {writeFile} from 'node:fs/promises';
import {REQUEST_SCHEMA} from '../dist/requests/index.js';

const path = new URL('../schema/export-request.schema.json', import.meta.url);
await writeFile(path, `${JSON.stringify(REQUEST_SCHEMA, null, 2)}\n`);
process.stderr.write(`wrote ${path.pathname}\n`);
