import {readFile} from 'node:fs/promises';
import {Ajv} from 'ajv';
import t from 'tap';
import {parseRequest, REQUEST_SCHEMA} from '../lib/requests/index.js';

const issueExample = {
  name: 'daily-orders',
  type: 'recurring',
  periodicity: 'P1D',
  periodStart: '2026-11-01T00:00:00',
  delay: 'PT15M',
  format: {
    extension: 'xlsx',
    timezone: 'Europe/Rome',
    columns: [
      {id: 'timestamp', label: 'Ora'},
      {id: 'payload.order.total', label: 'Totale'},
    ],
  },
  items: [
    {provider: 'croct', resource: 'events', events: ['orderPlaced'], filename: 'orders', label: 'Orders'},
  ],
  notification: {
    messages: [
      {
        policy: 'onSuccess',
        medium: 'email',
        target: 'ops@example.com',
        title: 'Orders {{window.start}}',
        text: '{{rows}} orders in {{files}}',
      },
      {policy: 'onFailure', medium: 'slack', title: 'Export failed', text: '{{error}}'},
    ],
  },
};

t.test("the issue's example request parses, its time read in its zone", async (t) => {
  const request = parseRequest(issueExample);
  t.equal(request.periodStart?.toISOString(), '2026-10-31T23:00:00.000Z', 'midnight in Rome is 23:00 UTC');
  t.equal(request.delay, 'PT15M');
  t.equal(request.format.extension, 'xlsx');
  t.same(request.format.columns, issueExample.format.columns);
  t.equal(request.notification?.messages.length, 2);
  t.ok(
    Object.isFrozen(request) && Object.isFrozen(request.items[0]) && Object.isFrozen(request.format.columns),
  );
  t.notOk(Object.isFrozen(issueExample.items[0]), "the caller's objects are left alone");
});

t.test('defaults and aliases are normalized', async (t) => {
  const request = parseRequest({
    name: 'n',
    type: 'recurring',
    periodicity: 'PT15M',
    periodStart: 1_793_500_000,
    format: {extension: 'xls', timezone: 'america/new_york', columns: [{id: 'a.b'}]},
    items: [{provider: 'openpanel', resource: 'events'}],
    notification: {medium: 'slack', title: 'Done', text: '{{rows}} rows'},
  });
  t.equal(request.format.extension, 'xlsx', 'xls is an alias of xlsx');
  t.equal(request.format.timezone, 'America/New_York', 'the zone name is canonical');
  t.same(request.format.columns, [{id: 'a.b', label: 'a.b'}], 'a label defaults to the id');
  t.equal(request.periodStart?.getTime(), 1_793_500_000_000, 'a number is Unix seconds');
  t.equal(request.delay, 'PT0S');
  t.same(request.notification, {
    messages: [{policy: 'onSuccess', medium: 'slack', title: 'Done', text: '{{rows}} rows'}],
  });
  const utc = parseRequest({
    name: 'n',
    type: 'oneTime',
    from: '2026-03-29',
    to: '2026-03-30T00:00:00+02:00',
    format: {extension: 'ndjson'},
    items: [{provider: 'coveo', resource: 'rows', tables: ['SEARCHES']}],
  });
  t.equal(utc.format.timezone, 'UTC');
  t.equal(utc.from?.toISOString(), '2026-03-29T00:00:00.000Z', 'a date alone is midnight in the zone');
  t.equal(utc.to?.toISOString(), '2026-03-29T22:00:00.000Z', 'an offset wins over the zone');
  const period = parseRequest({
    name: 'n',
    type: 'oneTime',
    period: 'P1M',
    format: {extension: 'csv'},
    items: [{provider: 'croct', resource: 'users'}],
  });
  t.equal(period.period, 'P1M');
  t.equal(period.from, undefined);
});

t.test('a wall-clock time in a DST gap or overlap is read as Temporal does', async (t) => {
  const at = (periodStart: string) =>
    parseRequest({
      name: 'n',
      type: 'recurring',
      periodicity: 'PT1H',
      periodStart,
      format: {extension: 'csv', timezone: 'Europe/Rome'},
      items: [{provider: 'croct', resource: 'events'}],
    }).periodStart?.toISOString();
  t.equal(at('2026-03-29T02:30:00'), '2026-03-29T01:30:00.000Z', 'in the gap: the time after it');
  t.equal(at('2026-10-25T02:30:00'), '2026-10-25T00:30:00.000Z', 'in the overlap: the earlier one');
});

t.test(
  'the shipped schema file is the schema constant (regenerate with scripts/write-schema.js)',
  async (t) => {
    const shipped = await readFile(new URL('../schema/export-request.schema.json', import.meta.url), 'utf8');
    t.equal(shipped, `${JSON.stringify(REQUEST_SCHEMA, null, 2)}\n`);
  },
);

t.test(
  'the shipped schema is standard JSON Schema: a plain validator agrees on valid and invalid files',
  async (t) => {
    const shipped = JSON.parse(
      await readFile(new URL('../schema/export-request.schema.json', import.meta.url), 'utf8'),
    );
    // strict off: the x-expected annotations are unknown keywords to a plain validator, as to editors.
    const validate = new Ajv({strict: false}).compile(shipped);
    t.ok(validate(issueExample), JSON.stringify(validate.errors));
    t.notOk(validate({...issueExample, colour: 'red'}));
    t.notOk(validate({...issueExample, items: [{provider: 'croct', resource: 'events', types: ['x']}]}));
  },
);

t.test(
  'every node that can fail names its expected form, and every required field is declared',
  async (t) => {
    const problems: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) {
        return;
      }
      const schema = node as Record<string, unknown>;
      const checks = ['type', 'enum', 'pattern', 'minimum', 'minItems', 'minLength'].some(
        (key) => key in schema,
      );
      if (checks && typeof schema['x-expected'] !== 'string' && !where.endsWith('/if')) {
        problems.push(`${where}: no x-expected`);
      }
      for (const name of (schema.required as string[] | undefined) ?? []) {
        if (!where.endsWith('/if') && !(name in ((schema.properties as object | undefined) ?? {}))) {
          problems.push(`${where}: required ${name} is not a property`);
        }
      }
      for (const [name, inner] of Object.entries((schema.properties as object | undefined) ?? {})) {
        walk(inner, `${where}/properties/${name}`);
      }
      for (const key of ['items', 'if', 'then', 'else'] as const) {
        walk(schema[key], `${where}/${key}`);
      }
      for (const [index, inner] of ((schema.allOf as unknown[] | undefined) ?? []).entries()) {
        walk(inner, `${where}/allOf/${index}`);
      }
    };
    walk(REQUEST_SCHEMA, '#');
    t.same(problems, []);
  },
);
