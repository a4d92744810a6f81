import type { Store } from '../data/client';
import { pingStore } from '../data/health';

/** Whether the store answers: one cheap read. Throws `StoreUnavailable` when it does not. */
export function checkStore(store: Store): Promise<void> {
  return pingStore(store);
}
