/** The unit of `start` and `end` on the wire. */
export type TimeUnit = 'milliseconds' | 'seconds';

/** Renders milliseconds in the wire unit; seconds are truncated to whole seconds. */
export function toWire(millis: number, unit: TimeUnit): number {
  return unit === 'seconds' ? Math.floor(millis / 1000) : millis;
}
