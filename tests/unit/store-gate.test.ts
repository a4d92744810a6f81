import { describe, expect, it } from 'vitest';
import { storeGate, StoreGateRefused } from '../../functions/data/store-gate';

const down = Object.assign(new Error('timeout'), { name: 'TimeoutError' });
const isFailure = (error: unknown) => (error as Error).name === 'TimeoutError';

describe('storeGate', () => {
  it('runs at most `concurrency` calls at once; the rest wait their turn', async () => {
    const gate = storeGate({ concurrency: 2, maxWaitMs: 1_000, tripAfter: 3, coolDownMs: 100, isFailure });
    let running = 0;
    let peak = 0;
    const call = () =>
      gate(async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
        return 'ok';
      });
    expect(await Promise.all(Array.from({ length: 10 }, call))).toEqual(Array(10).fill('ok'));
    expect(peak).toBe(2);
  });

  it('fails everyone at once after failures in a row, then lets a call through after the cool-down', async () => {
    let clock = 0;
    const gate = storeGate({ concurrency: 1, maxWaitMs: 1_000, tripAfter: 2, coolDownMs: 100, isFailure, now: () => clock });
    const failing = () => gate(() => Promise.reject(down));
    const waiting = [failing(), failing(), gate(async () => 'never run')];
    await expect(waiting[0]).rejects.toThrow('timeout');
    await expect(waiting[1]).rejects.toThrow('timeout');
    await expect(waiting[2]).rejects.toBeInstanceOf(StoreGateRefused);
    await expect(gate(async () => 'fast fail')).rejects.toBeInstanceOf(StoreGateRefused);
    clock = 150;
    await expect(gate(async () => 'back')).resolves.toBe('back');
  });

  it('gives up on a wait longer than maxWaitMs', async () => {
    const gate = storeGate({ concurrency: 1, maxWaitMs: 20, tripAfter: 3, coolDownMs: 100, isFailure });
    const slow = gate(() => new Promise((r) => setTimeout(r, 100)));
    await expect(gate(async () => 'late')).rejects.toThrow('too busy');
    await slow;
  });
});
