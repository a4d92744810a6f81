import { describe, expect, it } from 'vitest';
import { planImport, SAMPLE_IMPORT_CSV } from '../../functions/domain/writeup-csv';
import { splitTags } from '../../functions/domain/writeup';

describe('importing write-ups from a CSV file', () => {
  it('takes the sample file the import page offers as it is: both write-ups, every column', () => {
    const plan = planImport(SAMPLE_IMPORT_CSV);
    expect(plan.ok).toBe(true);
    expect(plan.rows.map((row) => row.input)).toEqual([
      {
        id: 'checkout-failover',
        title: 'Database failover stalled checkouts',
        url: 'https://wiki.example.com/pir/checkout-failover',
        incidentDate: '2025-12-28',
        publishedAt: '2026-01-02',
        tags: ['payments', 'database', 'sev2'],
      },
      {
        id: 'a-dns-ttl-kept-traffic-on-a-dead-region',
        title: 'A DNS TTL kept traffic on a dead region',
        url: 'https://wiki.example.com/pir/dns-ttl',
        copies: ['https://docs.google.com/document/d/1dnsTTL'],
        incidentDate: '2026-02-08',
        publishedAt: '2026-02-10',
        tags: ['networking', 'sev1'],
      },
    ]);
  });

  it('separates tags by commas or semicolons, as the write-up form does', () => {
    expect(splitTags('Payments, sev2')).toEqual(['Payments', 'sev2']);
    expect(splitTags('payments; sev2 ;;')).toEqual(['payments', 'sev2']);
    const csv = 'title,url,tags\nOne,https://wiki.example.com/one,"payments, sev2"\nTwo,https://wiki.example.com/two,payments; SEV2\n';
    const plan = planImport(csv);
    expect(plan.rows.map((row) => row.input.tags)).toEqual([
      ['payments', 'sev2'],
      ['payments', 'sev2'],
    ]);
  });
});
