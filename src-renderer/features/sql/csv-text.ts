type Cell = string | number | boolean | null;

const cell = (v: Cell) => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The answer as CSV text, header first: what the panel's download button saves. */
export function csvText(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [columns, ...rows].map((r) => `${r.map(cell).join(',')}\n`).join('');
}
