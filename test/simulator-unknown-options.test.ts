import t from 'tap';
import {createCoveoSimulator, createOpenPanelSimulator, createSimulator} from '../lib/simulator/index.js';

// A misspelt option must not be ignored: the simulator would run with a default the test did not ask for.
const cases = [
  ['Croct', () => createSimulator({evnts: 10} as never), 'evnts', /seed, latency, .*, apiKey, events/],
  ['OpenPanel', () => createOpenPanelSimulator({ratelimit: false} as never), 'ratelimit', /rateLimit/],
  ['Coveo', () => createCoveoSimulator({rowsPerday: 5} as never), 'rowsPerday', /rowsPerDay/],
] as const;

for (const [name, create, key, known] of cases) {
  t.test(`${name}: an unknown option is refused by name, with the known ones`, async (t) => {
    t.throws(create, {
      name: 'InvalidOptionError',
      option: `options.${key}`,
      message: new RegExp(
        `^Expected \`options\\.${key}\` to be one of the known options \\(.*\\), got "${key}"$`,
      ),
    });
    t.throws(create, {message: known});
  });
}

t.test('every documented option is still accepted', async (t) => {
  const croct = await createSimulator({seed: 1, latency: 0, logLimit: 10, events: 5, timeUnit: 'seconds'});
  const openpanel = await createOpenPanelSimulator({events: 5, rateLimit: false, otherProjects: ['x']});
  const coveo = await createCoveoSimulator({
    rowsPerDay: {searches: 1},
    compress: false,
    allowNonLoopback: false,
  });
  t.ok(croct.url && openpanel.url && coveo.url);
  await Promise.all([croct.close(), openpanel.close(), coveo.close()]);
});
