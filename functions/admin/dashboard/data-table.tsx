import type { Child } from 'hono/jsx';

/** One column of a data table: its heading, and what it shows of each row. */
export interface Column<Row> {
  /** Words, or markup such as a sort link or a name only screen readers hear. */
  head: Child;
  /**
   * The heading in words, shown beside each value when a narrow screen lays the
   * rows out as cards; by default the heading itself when it is words, and
   * nothing for a column whose cells name themselves (a button).
   */
  label?: string;
  cell: (row: Row, index: number) => Child;
  /** A count or amount: aligned right, heading and cells alike, so the digits line up. */
  num?: boolean;
  /** This column's cell names its row (a row heading), as the first column usually does. */
  rowHead?: boolean;
  /** The rows are ordered by this column: screen readers say so. */
  sort?: 'ascending' | 'descending';
}

/** Tables with more columns than this do not fit a phone: there each row becomes a card of label and value lines. */
const FITS_A_PHONE = 3;

/**
 * Every table of the dashboard: a heading for each column, then a row for each
 * item. On a narrow screen a wide table lays each row out as a card (each value
 * under its column's name, `cards` in the layout's styles), so nothing scrolls
 * sideways; a narrow one stays a table, in a box that would scroll rather than the page.
 * A column only some people see is given as `false` (`mayChange && {…}`).
 */
export function DataTable<Row>(props: {
  columns: Array<Column<Row> | false>;
  rows: readonly Row[];
  caption?: { text: string; class?: string; style?: string };
  id?: string;
  describedBy?: string;
}) {
  const columns = props.columns.filter((column): column is Column<Row> => column !== false);
  const numClass = (column: Column<Row>) => (column.num ? 'num' : undefined);
  const labelOf = (column: Column<Row>) => column.label ?? (typeof column.head === 'string' ? column.head : undefined);
  const { caption } = props;
  return (
    <div class={columns.length > FITS_A_PHONE ? 'table-wrap cards' : 'table-wrap'}>
      <table id={props.id} aria-describedby={props.describedBy}>
        {caption ? (
          <caption class={caption.class} style={caption.style}>
            {caption.text}
          </caption>
        ) : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" class={numClass(column)} aria-sort={column.sort}>
                {column.head}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr>
              {columns.map((column) =>
                column.rowHead ? (
                  <th scope="row" class={numClass(column)} data-label={labelOf(column)}>
                    {column.cell(row, index)}
                  </th>
                ) : (
                  <td class={numClass(column)} data-label={labelOf(column)}>
                    {column.cell(row, index)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
