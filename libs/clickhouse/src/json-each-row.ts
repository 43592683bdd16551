/** JSONEachRow encoding shared by both adapters: one JSON object per line. */
export function toJsonEachRow(rows: readonly object[]): Buffer {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return Buffer.from(text, 'utf8');
}

/**
 * JSONCompactEachRow: one JSON array of values per line, in the column order the insert names.
 * About half the bytes of JSONEachRow for the wide conversations row (docs/benchmarks.md).
 */
export function toJsonCompactEachRow(rows: readonly (readonly unknown[])[]): Buffer {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return Buffer.from(text, 'utf8');
}

export function parseJsonEachRow<Row>(text: string): Row[] {
  const rows: Row[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) rows.push(JSON.parse(text.slice(start, end)) as Row);
    start = end + 1;
  }
  return rows;
}
