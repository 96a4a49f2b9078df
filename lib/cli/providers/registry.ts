import {coveo} from './coveo.js';
import {croct} from './croct.js';
import {openpanel} from './openpanel.js';
import type {AnyProvider} from './provider.js';

/** Every provider, in the order `--help` lists them; the first one's resources are also shorthands. */
export const PROVIDERS: readonly AnyProvider[] = Object.freeze([
  croct as AnyProvider,
  openpanel as AnyProvider,
  coveo as AnyProvider,
]);

/** The provider of that name, `undefined` when there is none. */
export function providerNamed(name: unknown): AnyProvider | undefined {
  return PROVIDERS.find((provider) => provider.name === name);
}
