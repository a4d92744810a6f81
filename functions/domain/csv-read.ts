/**
 * Reads CSV as spreadsheets write it (RFC 4180): quoted fields may hold commas,
 * quotes ("") and line breaks; lines end in LF or CRLF. Answers the rows, or
 * where a quote was left open.
 */
export function readCsv(text: string): { ok: true; rows: string[][] } | { ok: false; line: number; message: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startedAt = 1;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      startedAt = line;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      line++;
    } else field += ch;
  }
  if (quoted) return { ok: false, line: startedAt, message: 'a quoted field is never closed' };
  if (field !== '' || row.length) rows.push([...row, field]);
  return { ok: true, rows: rows.filter((r) => r.some((cell) => cell.trim() !== '')) };
}
