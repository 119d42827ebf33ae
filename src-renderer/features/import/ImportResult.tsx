import type { ImportJobFile } from '../../../src-shared/contract';
import { formatInt } from '../../lib/format';
import { fileOutcome, problemLine, ruleWords, unlistedCounts } from './problem-words';

/** Every line of the result, in the order shown: copied or saved as one text. */
function resultText(files: ImportJobFile[]): string[] {
  const refused = files.filter((f) => f.status === 'rejected' || f.status === 'failed');
  const lines = refused.map((f) => `${f.name}: ${fileOutcome(f)}`);
  for (const f of files)
    for (const p of f.problems) if (p.severity === 'error') lines.push(problemLine(f.name, p));
  for (const f of files)
    for (const [rule, more] of unlistedCounts(f))
      lines.push(`${f.name}: ${formatInt(more)} more: ${ruleWords(rule)}`);
  for (const f of files)
    for (const p of f.problems) if (p.severity === 'note') lines.push(problemLine(f.name, p));
  return lines;
}

/** What an import did per file; files not imported and bad rows first, information apart. */
export function ImportResult({ files }: { files: ImportJobFile[] }) {
  const refused = files.filter((f) => f.status === 'rejected' || f.status === 'failed');
  const errors = files.flatMap((f) =>
    f.problems.filter((p) => p.severity === 'error').map((p) => problemLine(f.name, p)),
  );
  const more = files.flatMap((f) =>
    unlistedCounts(f).map(([rule, n]) => `${f.name}: ${formatInt(n)} more: ${ruleWords(rule)}`),
  );
  const notes = files.flatMap((f) =>
    f.problems.filter((p) => p.severity === 'note').map((p) => problemLine(f.name, p)),
  );
  const text = resultText(files).join('\n');
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
      {(refused.length > 0 || errors.length > 0) && (
        <div className="problems-box rejections" data-testid="import-rejections">
          <div className="section-title">Bad rows</div>
          <pre>{[...errors, ...more].join('\n')}</pre>
        </div>
      )}
      {notes.length > 0 && (
        <details className="problems-box notes" data-testid="import-notes">
          <summary>{formatInt(notes.length)} notes (nothing was dropped for these)</summary>
          <pre>{notes.join('\n')}</pre>
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
