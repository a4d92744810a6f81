import type { Store } from '../functions/data/client';
import type { Increment } from '../functions/domain/counts';
import { seedRollups } from './seed';
import { addDays } from '../functions/domain/dates';
import { orgReport } from '../functions/services/org-report';
import { fmt, medianMs } from './lib';

/**
 * The organization report over a year of daily rollups, with 1 and with 200
 * write-ups all read every day (the worst case for the per-write-up counters).
 */
export async function benchOrgReport(makeStore: (table: string) => Promise<Store>, createWriteups: (store: Store, count: number) => Promise<void>) {
  console.log('\n## Organization report, a year of daily rollups (median of 20, in process)');
  for (const count of [1, 200]) {
    const store = await makeStore(`bench-org-${count}`);
    await createWriteups(store, count);
    const increments: Increment[] = [];
    for (let d = 0; d < 365; d++) {
      const day = addDays('2025-01-01', d);
      increments.push(
        { rollup: 'orgDay', day, counts: { views: count * 10, engaged: count * 4, readers: count * 8, links: 1, 'links:code': 1 } },
        ...Array.from(
          { length: count },
          (_, w): Increment => ({
            rollup: 'orgMonth',
            month: day.slice(0, 7),
            writeupId: `writeup-${w}`,
            counts: { views: 10, engaged: 4 },
            lastRead: Number(day.replaceAll('-', '')),
          }),
        ),
      );
    }
    await seedRollups(store, increments);
    let cost = { items: 0 };
    let bytes = 0;
    const ms = await medianMs(20, async () => {
      const report = await orgReport(store, { from: '2025-01-01', to: '2025-12-31' }, 'month');
      cost = report.cost;
      bytes = JSON.stringify(report).length;
    });
    console.log(
      `${String(count).padStart(3)} write-ups: ${fmt(ms, 1)} ms, ${fmt(cost.items)} items read (365 days, 12 months × ${count} write-ups, ${count} write-ups), report ${fmt(bytes / 1024, 1)} KB`,
    );
  }
}
