/**
 * Splits one CSV record into fields. Unquoted lines (the common case) go through String.split;
 * quoted fields may hold the delimiter and doubled quotes (RFC 4180). Fields are not trimmed.
 */
export function splitFields(line: string, delimiter: string): string[] {
  if (line.indexOf('"') < 0) return line.split(delimiter);
  const out: string[] = [];
  const n = line.length;
  const dc = delimiter.charCodeAt(0);
  let i = 0;
  for (;;) {
    if (i < n && line.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          value += line.slice(j);
          j = n;
          break;
        }
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Anything between the closing quote and the delimiter is kept (lenient, like most readers).
      const next = line.indexOf(delimiter, j);
      const end = next < 0 ? n : next;
      out.push(value + line.slice(j, end));
      if (next < 0) break;
      i = next + 1;
    } else {
      const next = line.indexOf(delimiter, i);
      if (next < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, next));
      i = next + 1;
    }
    if (i === n && line.charCodeAt(n - 1) === dc) {
      out.push('');
      break;
    }
  }
  return out;
}

/** True while a record has an open quote, i.e. the next physical line continues it. */
export function hasOpenQuote(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count % 2 === 1;
}

/** The field (0-based) where the quote left open at the end of `text` starts, and its text from there. */
export function openQuoteField(text: string, delimiter: string): { index: number; text: string } {
  let field = 0;
  let inQuote = false;
  let openedAt = 0;
  let openedField = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (!inQuote) {
        openedAt = i;
        openedField = field;
      }
      inQuote = !inQuote;
    } else if (!inQuote && c === delimiter) field++;
  }
  return { index: openedField, text: text.slice(openedAt) };
}
