/**
 * Merges concurrent increments to one item into as few writes as possible:
 * while a write to an item is under way, later increments wait and go
 * together in the next one. Every caller resolves only once a write holding
 * its increment is stored, so an acknowledged count is never lost. A lone
 * increment is written at once.
 */
export type Counts = Record<string, number>;

export function counterBatcher(
  write: (key: string, counts: Counts) => Promise<void>,
  /** How two pending values of one counter combine: added, unless said otherwise. */
  merge: (name: string, a: number, b: number) => number = (_name, a, b) => a + b,
) {
  interface Batch {
    counts: Counts;
    done: Promise<void>;
    settle: { resolve: () => void; reject: (error: unknown) => void };
  }
  const inFlight = new Set<string>();
  const waiting = new Map<string, Batch>();

  const newBatch = (): Batch => {
    let settle!: Batch['settle'];
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    return { counts: {}, done, settle };
  };

  const run = async (key: string, batch: Batch): Promise<void> => {
    inFlight.add(key);
    try {
      await write(key, batch.counts);
      batch.settle.resolve();
    } catch (error) {
      batch.settle.reject(error);
    } finally {
      inFlight.delete(key);
      const next = waiting.get(key);
      if (next) {
        waiting.delete(key);
        void run(key, next);
      }
    }
  };

  return function add(key: string, counts: Counts): Promise<void> {
    const busy = inFlight.has(key);
    const batch = (busy && waiting.get(key)) || newBatch();
    for (const [name, value] of Object.entries(counts)) {
      if (value === 0) continue;
      const pending = batch.counts[name];
      batch.counts[name] = pending === undefined ? value : merge(name, pending, value);
    }
    if (busy) waiting.set(key, batch);
    else void run(key, batch);
    return batch.done;
  };
}
