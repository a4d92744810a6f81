import { describe, expect, it } from 'vitest';
import { counterBatcher, type Counts } from '../../functions/data/counter-batcher';

describe('counterBatcher', () => {
  it('writes a lone increment at once, and merges those that arrive during a write', async () => {
    const writes: Array<[string, Counts]> = [];
    let release!: () => void;
    const add = counterBatcher(async (key, counts) => {
      writes.push([key, { ...counts }]);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = add('day', { views: 1 });
    expect(writes).toEqual([['day', { views: 1 }]]);
    const later = [add('day', { views: 1, readers: 1 }), add('day', { views: 2 }), add('other', { views: 5 })];
    expect(writes).toHaveLength(2);
    release();
    await Promise.all([first, ...later]);
    expect(writes).toEqual([
      ['day', { views: 1 }],
      ['other', { views: 5 }],
      ['day', { views: 3, readers: 1 }],
    ]);
  });

  it('fails every caller of a failed write, and carries on with the next batch', async () => {
    let fail = true;
    const add = counterBatcher(async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('store down');
    });
    const first = add('day', { views: 1 });
    const second = add('day', { views: 1 });
    await expect(first).rejects.toThrow('store down');
    fail = false;
    await expect(second).resolves.toBeUndefined();
  });
});
