/**
 * Keeps a burst from drowning the store and a dead store from holding
 * everyone: at most `concurrency` calls run at once (the rest wait their turn,
 * so the SDK's time-outs measure the store, not our own queue), and after
 * `tripAfter` failures in a row every call fails at once for `coolDownMs`, then
 * one is let through to test the water.
 */
export interface GateOptions {
  concurrency: number;
  maxWaitMs: number;
  tripAfter: number;
  coolDownMs: number;
  isFailure: (error: unknown) => boolean;
  now?: () => number;
}

/**
 * The gate let a call through to no store at all: open after failures in a
 * row, or a wait for a turn longer than `maxWaitMs`. A cause, not the meaning:
 * the store client answers it, as every outage, with `StoreUnavailable`.
 */
export class StoreGateRefused extends Error {
  override name = 'StoreGateRefused';
}

export function storeGate(options: GateOptions) {
  const now = options.now ?? Date.now;
  const queue: Array<{ start: () => void; fail: (error: Error) => void; timer: NodeJS.Timeout }> = [];
  let running = 0;
  let failuresInARow = 0;
  let openUntil = 0;

  const release = () => {
    running--;
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start();
    }
  };

  const open = () => {
    openUntil = now() + options.coolDownMs;
    // Those still waiting would only meet the same dead store.
    for (const waiting of queue.splice(0)) {
      clearTimeout(waiting.timer);
      waiting.fail(new StoreGateRefused('the store is not answering'));
    }
  };

  return async function run<T>(call: () => Promise<T>): Promise<T> {
    if (now() < openUntil) throw new StoreGateRefused('the store is not answering');
    if (running >= options.concurrency) {
      await new Promise<void>((start, fail) => {
        const entry = {
          start,
          fail,
          timer: setTimeout(() => {
            queue.splice(queue.indexOf(entry), 1);
            fail(new StoreGateRefused('the store is too busy'));
          }, options.maxWaitMs),
        };
        queue.push(entry);
      });
    }
    running++;
    try {
      const result = await call();
      failuresInARow = 0;
      return result;
    } catch (error) {
      if (options.isFailure(error) && ++failuresInARow >= options.tripAfter) open();
      throw error;
    } finally {
      release();
    }
  };
}
