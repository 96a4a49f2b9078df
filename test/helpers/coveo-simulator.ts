import {
  type CoveoSimulator,
  type CoveoSimulatorOptions,
  createCoveoSimulator,
} from '../../lib/simulator/index.js';

type Teardown = {teardown: (fn: () => unknown) => void};

/**
 * A Coveo simulator for one test of the simulator itself, closed in teardown (no client: test/helpers/coveo.ts
 * has the one with a CoveoApi, which would load lib/coveo into these tests).
 */
export async function startCoveoSimulator(
  t: Teardown,
  options: CoveoSimulatorOptions = {},
): Promise<CoveoSimulator> {
  const simulator = await createCoveoSimulator(options);
  t.teardown(() => simulator.close());
  return simulator;
}

/** Moves `Date.now()` forward by `ms` for the rest of the test, instead of sleeping. */
export function shiftClock(t: Teardown): (ms: number) => void {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  t.teardown(() => {
    Date.now = realNow;
  });
  return (ms) => {
    offset += ms;
  };
}
