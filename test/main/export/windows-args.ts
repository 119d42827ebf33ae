/** The arguments of `barcat export windows`: `span` bars before and after each event of `events`, into `out`. */
export function windowsArgs(events: string, span: number, out: string, ...more: string[]): string[] {
  return [
    'export',
    'windows',
    '--events',
    events,
    '--pre',
    String(span),
    '--post',
    String(span),
    '--out',
    out,
    ...more,
  ];
}
