import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ImportResult } from '../../../src-renderer/features/import/ImportResult';
import { jobFile } from './helpers';

/** The text of each `<pre>` box in the rendered result, by its test id. */
function boxes(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/data-testid="(import-(?:rejections|notes))"[\s\S]*?<pre>([\s\S]*?)<\/pre>/g))
    out[m[1]!] = m[2]!;
  return out;
}

// The dialog as the browser renders it, with more notes than are listed: their count is a note.
describe('the import result', () => {
  it('ends each box with the counts of its own rules not listed, and counts every note in the summary', () => {
    const bad = { line: 7, column: 'high', value: 'x', rule: 'bad_number', severity: 'error' as const };
    const note = { line: null, column: null, value: '2024-07-01T20:00:00.000Z', rule: 'out_of_session' };
    const html = renderToStaticMarkup(
      <ImportResult
        files={[
          jobFile({
            rowsInvalid: 3,
            problems: [bad, { ...note, severity: 'note' }],
            problemCounts: { bad_number: 3, out_of_session: 250 },
          }),
        ]}
      />,
    );
    expect(boxes(html)).toEqual({
      'import-rejections':
        'a.csv line 7, column high: not a number (&quot;x&quot;)\na.csv: 2 more: not a number',
      'import-notes':
        'a.csv: the bar opens outside the series&#x27; trading sessions (wrong time zone or calendar?) (&quot;2024-07-01T20:00:00.000Z&quot;)\na.csv: 249 more: the bar opens outside the series&#x27; trading sessions (wrong time zone or calendar?)',
    });
    expect(html).toContain('<summary>250 notes (nothing was dropped for these)</summary>');
  });
});
