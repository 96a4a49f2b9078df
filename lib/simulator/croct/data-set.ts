import type {Timeline} from './timeline.js';

/** Everything item generators read: the seed, the shape in time and the spelling of items. */
type DataSet = {
  seed: number;
  timeline: Timeline;
  sessions: number;
  users: number;
  /** Spell items as API 0.8.0 does (`eventId`, `type`, `timeZone`, numbers) instead of 0.7.1. */
  v8: boolean;
};

export type {DataSet};
