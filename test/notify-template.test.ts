import t from 'tap';
import {renderTemplate, type TemplateVars} from '../lib/notify/index.js';

const vars: TemplateVars = {
  name: 'daily-orders',
  window: {start: '2026-11-01T00:00:00+01:00', end: '2026-11-02T00:00:00+01:00'},
  files: ['a.csv', 'b.csv'],
  rows: 1204,
  status: 'success',
};

t.test('the standard placeholders render the name, window, files, rows and status', async (t) => {
  t.equal(
    renderTemplate(
      '{{name}} {{window.start}}..{{window.end}}: {{rows}} rows in {{files}} ({{status}})',
      vars,
    ),
    'daily-orders 2026-11-01T00:00:00+01:00..2026-11-02T00:00:00+01:00: 1204 rows in a.csv, b.csv (success)',
  );
});

t.test('whitespace inside the braces is tolerated', async (t) => {
  t.equal(
    renderTemplate('{{ name }}|{{  window.end\t}}|{{\nrows }}', vars),
    'daily-orders|2026-11-02T00:00:00+01:00|1204',
  );
});

t.test('{{error}} renders the error on failure and nothing on success', async (t) => {
  t.equal(
    renderTemplate('failed: {{error}}', {...vars, status: 'failure', error: 'HTTP 503'}),
    'failed: HTTP 503',
  );
  t.equal(renderTemplate('error: [{{error}}]', vars), 'error: []');
  t.equal(renderTemplate('error: [{{error}}]', {...vars, error: undefined}), 'error: []');
});

t.test('an unknown placeholder is left as written, so that a typo shows in the message', async (t) => {
  t.equal(
    renderTemplate('{{nmae}} {{window.begin}} {{files.0}}', vars),
    '{{nmae}} {{window.begin}} {{files.0}}',
  );
  t.equal(renderTemplate('{{name.length}}', vars), '{{name.length}}', 'no property of a string');
});

t.test('extra values are reached by dotted path and rendered as text', async (t) => {
  const extra = {
    ...vars,
    request: {
      owner: 'ops',
      tags: ['a', 1, null],
      when: new Date(Date.UTC(2026, 10, 1)),
      bad: new Date(Number.NaN),
    },
    nested: {deep: {value: 1n}},
    object: {a: 1},
    cyclic: {} as Record<string, unknown>,
    big: {n: 1n},
    nothing: null,
    flag: false,
    fn: () => 'called',
    symbol: Symbol('s'),
  };
  extra.cyclic.self = extra.cyclic;
  t.equal(
    renderTemplate('{{request.owner}}|{{request.tags}}|{{request.when}}|{{request.bad}}', extra),
    'ops|a, 1, |2026-11-01T00:00:00.000Z|',
  );
  t.equal(renderTemplate('{{nested.deep.value}}|{{object}}|{{flag}}|{{nothing}}', extra), '1|{"a":1}|false|');
  t.equal(renderTemplate('[{{cyclic}}][{{big}}]', extra), '[][]', 'what cannot be serialized renders empty');
  t.equal(renderTemplate('[{{fn}}][{{symbol}}]', extra), '[][]', 'a function is never called');
});

t.test('no code runs and no prototype is reached: only own properties by name', async (t) => {
  const template = '{{constructor.name}} {{__proto__}} {{ rows + 1 }} {{name.toString}} {{}} {{ 1 }}';
  t.equal(renderTemplate(template, vars), template);
});

t.test('HTML is not escaped or interpreted: the mediums send plain text', async (t) => {
  t.equal(renderTemplate('<b>{{name}}</b>', {...vars, name: '<i>&</i>'}), '<b><i>&</i></b>');
});
