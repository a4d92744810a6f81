/**
 * The one table's shape. The CDK stack and the local bootstrap both build the
 * table from this definition, so the two can never drift apart.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items with this epoch-seconds attribute expire (readers' days, salts). */
  ttlAttribute: 'expiresAt',
  /** Every change, before and after: the stream the counts are derived from. */
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: [
    {
      /** Lists of one kind of item, for example every write-up, without a scan. */
      name: 'gsi1',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
    },
  ],
} as const;

export type TableDefinition = typeof tableDefinition;
