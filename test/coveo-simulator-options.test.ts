import t from 'tap';
import {InvalidOptionError} from '../lib/core/errors.js';
import type {CoveoSimulatorOptions} from '../lib/simulator/index.js';
import {createCoveoSimulator} from '../lib/simulator/index.js';

const cases: [unknown, string, string, string][] = [
  [null, 'options', 'an object', 'null'],
  [{seed: -1}, 'seed', 'an integer of at least 0', '-1 (number)'],
  [{accessToken: ''}, 'accessToken', 'a non-empty string', 'a string of 0 characters'],
  [{organizationId: 7}, 'organizationId', 'a non-empty string', '7 (number)'],
  [{rowsPerDay: -1}, 'rowsPerDay', 'an integer from 0 to 10000000', '-1 (number)'],
  [{rowsPerDay: 'many'}, 'rowsPerDay', 'an object', '"many"'],
  [{rowsPerDay: {searches: 1.5}}, 'rowsPerDay.searches', 'an integer from 0 to 10000000', '1.5 (number)'],
  [
    {rowsPerDay: {visits: 1}},
    'rowsPerDay.visits',
    'one of the known options (searches, clicks, custom_events, groups, keywords)',
    '"visits"',
  ],
  [{rowLimit: 0}, 'rowLimit', 'an integer of at least 1', '0 (number)'],
  [{readyAfterMs: -5}, 'readyAfterMs', 'an integer from 0 to 3600000', '-5 (number)'],
  [{readyAfterPolls: 0}, 'readyAfterPolls', 'an integer from 1 to 1000000', '0 (number)'],
  [{failExports: 'all'}, 'failExports', 'an array of export numbers or a function', '"all"'],
  [{failExports: [1, 0]}, 'failExports[1]', 'an integer of at least 1', '0 (number)'],
  [{expireAfterMs: 0}, 'expireAfterMs', 'an integer of at least 1 or Infinity', '0 (number)'],
  [{expireAfterMs: 'never'}, 'expireAfterMs', 'an integer of at least 1 or Infinity', '"never"'],
  [{linkTtlMs: 0}, 'linkTtlMs', 'an integer from 1 to 604800000', '0 (number)'],
  [{redirectStatus: 301}, 'redirectStatus', '302, 303 or 307', '301 (number)'],
  [{errorStyle: 'xml'}, 'errorStyle', "'message-type', 'error-code', or 'html'", '"xml"'],
  [{headerStyle: 'kebab'}, 'headerStyle', "'camel', 'snake', or 'display'", '"kebab"'],
  [{timestampStyle: 'epoch'}, 'timestampStyle', "'gmt' or 'iso'", '"epoch"'],
  [{fileNames: []}, 'fileNames', 'an object', 'an array of length 0'],
  [{fileNames: {searches: ''}}, 'fileNames.searches', 'a non-empty string', '""'],
  [
    {fileNames: {searches: '../x.csv'}},
    'fileNames.searches',
    'a file name of letters, digits, _ . and -',
    '"../x.csv"',
  ],
  [{fileNames: {groups: '..'}}, 'fileNames.groups', 'a file name of letters, digits, _ . and -', '".."'],
  [
    {fileNames: {searches: 'all.csv', clicks: 'all.csv'}},
    'fileNames.clicks',
    'a name no other table has',
    '"all.csv"',
  ],
  [{compress: 'yes'}, 'compress', 'a boolean', '"yes"'],
  [{rateLimit: true}, 'rateLimit', 'an object', 'true (boolean)'],
  [{rateLimit: {max: 0}}, 'rateLimit.max', 'an integer of at least 1', '0 (number)'],
  [{rateLimit: {windowMs: 0}}, 'rateLimit.windowMs', 'an integer from 1 to 3600000', '0 (number)'],
  [{author: ''}, 'author', 'a non-empty string', '""'],
  [{tempDir: 5}, 'tempDir', 'a non-empty string', '5 (number)'],
  [{faults: {rate: 2}}, 'faults.rate', 'a number from 0 to 1', '2 (number)'],
];

t.test(
  'every bad option throws synchronously, naming the option, the expected form and the value',
  async (t) => {
    for (const [options, option, expected, received] of cases) {
      let thrown: unknown;
      try {
        void createCoveoSimulator(options as CoveoSimulatorOptions);
      } catch (error) {
        thrown = error;
      }
      t.type(thrown, InvalidOptionError, option);
      t.match(thrown, {option, expected, code: 'ERR_EXPORT_INVALID_OPTION'}, option);
      t.match((thrown as InvalidOptionError).received, received, option);
    }
  },
);

t.test('a secret token is never shown in an option error', async (t) => {
  const secret = 'xxsecret-token-value';
  t.throws(() => createCoveoSimulator({accessToken: secret, rowLimit: -1}), /rowLimit/);
  try {
    void createCoveoSimulator({accessToken: secret, rowsPerDay: -1});
  } catch (error) {
    t.notMatch(String(error), secret);
  }
});

t.test('defaults: a token from the seed, a distinct no-privilege token, and any accessToken', async (t) => {
  const one = await createCoveoSimulator();
  const same = await createCoveoSimulator();
  const chosen = await createCoveoSimulator({accessToken: same.noPrivilegeToken, organizationId: 'acme'});
  t.teardown(() => Promise.all([one.close(), same.close(), chosen.close()]));
  t.match(one.accessToken, /^xx[0-9a-f-]{36}$/);
  t.equal(one.accessToken, same.accessToken, 'derived from the seed');
  t.not(one.noPrivilegeToken, one.accessToken);
  t.equal(chosen.accessToken, same.noPrivilegeToken);
  t.not(chosen.noPrivilegeToken, chosen.accessToken, 'still another token');
  t.equal(chosen.organizationId, 'acme');
  t.equal(one.organizationId, 'simulatedorg');
  t.match(one.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

t.test('bad method arguments throw InvalidOptionError too', async (t) => {
  const simulator = await createCoveoSimulator();
  t.teardown(() => simulator.close());
  t.throws(() => simulator.failNextExport(0), {
    name: 'InvalidOptionError',
    option: 'count',
    expected: 'an integer of at least 1',
  });
  t.throws(() => simulator.failNext('explode' as 'rate-limit'), {name: 'InvalidOptionError', option: 'kind'});
  t.throws(() => simulator.rowCount(null as never), {
    name: 'InvalidOptionError',
    option: 'window',
    expected: 'an object',
  });
  t.throws(() => simulator.rowCount({from: -1, to: 5}), {name: 'InvalidOptionError', option: 'window.from'});
  t.throws(() => simulator.rowCount({from: '2026-01-01T00:00:00Z', to: 7 as never}), {
    name: 'InvalidOptionError',
    option: 'window',
  });
  t.throws(() => simulator.rowCount({from: 'yesterday', to: 'today'}), {
    name: 'InvalidOptionError',
    option: 'window',
    expected: 'ISO-8601 instants with `from` before `to`, and upper-case table names',
  });
  t.throws(() => simulator.rowCount({from: 0, to: 1, tables: ['searches']}), {
    name: 'InvalidOptionError',
    option: 'window',
  });
  t.throws(() => simulator.rowCount({from: true as never, to: 1}), {
    name: 'InvalidOptionError',
    option: 'window.from',
  });
});
