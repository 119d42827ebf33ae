// PostgreSQL's COPY text format and ClickHouse's TabSeparated escape alike: tab between fields, a
// newline ends a row, `\N` is NULL, and backslash escapes tab, newline and backslash inside a field.

const ESCAPES: Record<string, string> = {
  t: '\t',
  n: '\n',
  r: '\r',
  '\\': '\\',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
  "'": "'",
};

function unescapeField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** One row's fields; null for NULL. Most lines hold no backslash at all: those are only split. */
export function splitTsvLine(line: string): (string | null)[] {
  const fields: (string | null)[] = line.split('\t');
  if (!line.includes('\\')) return fields;
  for (let i = 0; i < fields.length; i++) fields[i] = unescapeField(fields[i] as string);
  return fields;
}

/**
 * Rows from a byte stream of TSV, the rows of one network chunk at a time (never the whole result in
 * memory; a batch, not a row, per await, since an await per row cost more than the parsing).
 */
export async function* tsvRowBatches(chunks: AsyncIterable<Buffer>): AsyncIterable<(string | null)[][]> {
  let rest = '';
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    yield lines.map(splitTsvLine);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield [splitTsvLine(rest)];
}
