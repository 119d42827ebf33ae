import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { withReadCatalog } from '../../io/open';
import { ALL_OPTION } from '../../io/option-groups';
import { FIX_OPTIONS } from './quality-fix-options';

/** Findings shown per check in the table; --json has all of them. */
const SHOWN = 3;

export const qualityCommand: Command = {
  name: 'quality',
  summary: 'Check bars for spikes, stale runs, bad timestamps, impossible values and unadjusted jumps',
  usage:
    'quality SERIES|--all [--config FILE] [--refresh] [--json]\n       quality SERIES review|unreview|drop|refetch FINDING-ID [--note TEXT] [--reason TEXT] [--accept] [--base-url URL] [--json]',
  options: {
    ...ALL_OPTION,
    config: { type: 'string' },
    // Results stored for the series' current generation are printed as they are; this recomputes them.
    refresh: { type: 'boolean', default: false },
    ...FIX_OPTIONS,
  },
  async run({ values, positionals, catalogDir, json, io }) {
    const path = await import('node:path');
    const { parseSeriesArg } = await import('../../io/args');
    const { textTable } = await import('../../io/format');
    const { BarcatError } = await import('../../../../plumbing/errors');
    const q = await import('../../../../engines/quality/index');
    const all = values.all === true;
    if (!all && positionals.length > 1) {
      const { runQualityFix } = await import('./quality-fix');
      return runQualityFix({ values, positionals, catalogDir, json, io }, qualityCommand.usage);
    }
    if (all === positionals.length > 0)
      throw new BarcatError(
        'USAGE',
        `give one SERIES or --all; usage: barcat ${qualityCommand.usage.split('\n')[0]}`,
      );
    const config =
      typeof values.config === 'string'
        ? await q.loadQualityConfig(path.resolve(io.cwd, values.config))
        : q.EMPTY_CONFIG;
    return withReadCatalog(catalogDir, async (catalog) => {
      const keys = all
        ? (await catalog.listSeries()).map((s) => ({
            venue: s.venue,
            symbol: s.symbol,
            timeframe: s.timeframe,
          }))
        : [parseSeriesArg(positionals, qualityCommand.usage)];
      const reports: import('../../../../engines/quality/index').QualityState[] = [];
      const refresh = { recompute: values.refresh === true };
      for (const key of keys) reports.push(await q.qualityState(catalog, key, config, refresh));
      for (const { report: r } of reports)
        if (r.notCached)
          io.stderr.write(
            `barcat: warning: the quality results of ${r.series} were not saved (${r.notCached})\n`,
          );
      const total = reports.reduce((n, r) => n + r.findings.length, 0);
      const open = reports.reduce((n, r) => n + r.open, 0);
      const out = reports.map(({ report: r, findings, open }) => ({
        series: r.series,
        calendar: r.results.calendar,
        settings: r.results.settings,
        generation: r.results.generation,
        partitionsRecomputed: r.partitionsRecomputed,
        partitionsTotal: r.partitionsTotal,
        counts: Object.fromEntries(q.CHECKS.map((c) => [c, r.findings.filter((f) => f.check === c).length])),
        open,
        findings,
      }));
      const reportText = ({ report: r, findings, open: o }: (typeof reports)[number]) => {
        const head = `${r.series} (calendar ${r.results.calendar}, ${r.results.settings.assetClass} defaults)`;
        if (findings.length === 0) return `${head}: clean\n`;
        const reviewed = findings.length - o;
        const rows = q.CHECKS.flatMap((c) => {
          const of = findings.filter((f) => f.check === c);
          if (of.length === 0) return [];
          return of
            .slice(0, SHOWN)
            .map((f, i) => [
              i === 0 ? q.CHECK_TITLES[c] : '',
              i === 0 ? of.length : '',
              `${q.wordFinding(f)} [${f.id}${f.status === 'reviewed' ? `, reviewed: ${f.note}` : ''}]`,
            ]);
        });
        return `${head}: ${findings.length} findings${reviewed > 0 ? ` (${o} open, ${reviewed} reviewed)` : ''}\n${textTable(['CHECK', 'COUNT', 'FIRST FINDINGS'], rows)}`;
      };
      writeAnswer(io, json, { series: out, findings: total, open }, () =>
        reports.length === 0 ? `no series in the catalog ${catalogDir}\n` : reports.map(reportText).join(''),
      );
      // Open findings are a data problem (exit 1), so scripts can gate on a clean series.
      return open > 0 ? 1 : 0;
    });
  },
};
