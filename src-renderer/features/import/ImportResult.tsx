import type { ImportJobFile } from '../../../src-shared/contract';
import { formatInt } from '../../lib/format';
import { fileOutcome, problemLine, ruleWords, type Severity, unlistedCounts } from './problem-words';

/** A severity's lines over every file: the problems listed, then the counts of those not listed. */
function linesOf(files: ImportJobFile[], severity: Severity): { lines: string[]; total: number } {
  const listed = files.flatMap((f) =>
    f.problems.filter((p) => p.severity === severity).map((p) => problemLine(f.name, p)),
  );
  const more = files.flatMap((f) => unlistedCounts(f, severity).map(([rule, n]) => ({ f, rule, n })));
  return {
    lines: [
      ...listed,
      ...more.map(({ f, rule, n }) => `${f.name}: ${formatInt(n)} more: ${ruleWords(rule)}`),
    ],
    total: listed.length + more.reduce((s, m) => s + m.n, 0),
  };
}

/** What an import did per file; files not imported and bad rows first, information apart. */
export function ImportResult({ files }: { files: ImportJobFile[] }) {
  const refused = files.filter((f) => f.status === 'rejected' || f.status === 'failed');
  const errors = linesOf(files, 'error');
  const notes = linesOf(files, 'note');
  // Copy and Save… hold every line in the order shown.
  const text = [...refused.map((f) => `${f.name}: ${fileOutcome(f)}`), ...errors.lines, ...notes.lines].join(
    '\n',
  );
  return (
    <div className="import-result" data-testid="import-result">
      <ul className="import-files">
        {files.map((f) => (
          <li key={f.name} data-status={f.status}>
            <b className="mono">{f.name}</b>
            {f.series && <span className="mono"> → {f.series}</span>}: {fileOutcome(f)}
          </li>
        ))}
      </ul>
      {(refused.length > 0 || errors.lines.length > 0) && (
        <div className="problems-box rejections" data-testid="import-rejections">
          <div className="section-title">Bad rows</div>
          <pre>{errors.lines.join('\n')}</pre>
        </div>
      )}
      {notes.lines.length > 0 && (
        <details className="problems-box notes" data-testid="import-notes">
          <summary>
            {formatInt(notes.total)} note{notes.total === 1 ? '' : 's'} (nothing was dropped for these)
          </summary>
          <pre>{notes.lines.join('\n')}</pre>
        </details>
      )}
      {text && (
        <div className="result-actions">
          <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
            Copy
          </button>
          <a
            className="button"
            download="barcat-import-problems.txt"
            href={URL.createObjectURL(new Blob([text], { type: 'text/plain' }))}
          >
            Save…
          </a>
        </div>
      )}
    </div>
  );
}
