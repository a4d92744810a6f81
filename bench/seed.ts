import type { Store } from '../functions/data/client';
import { adjustRollups } from '../functions/data/rollups';
import { mergeIncrements, type Increment } from '../functions/domain/counts';

/** Stores rollups directly, as the consumer would after counting facts: for report benchmarks over a year of data. */
export async function seedRollups(store: Store, increments: Increment[]): Promise<void> {
  await adjustRollups(store, [...mergeIncrements(increments).values()]);
}
