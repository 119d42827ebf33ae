import type { Job } from '../../../../src-shared/domain/job';
import type { BackfillService } from '../../../engines/backfill/jobs/service';
import type { CliIO } from '../command';
import { writeAnswer } from '../io/answer';
import { exitCodeOf, progressLine, summaryText } from './render';

/** Waits for a job in the foreground: progress bar on a terminal, summary at the end; Ctrl-C cancels. */
export async function followJob(svc: BackfillService, job: Job, io: CliIO, json: boolean): Promise<number> {
  const tty = !json && io.stderr.isTTY === true;
  const off = svc.onEvent((e) => {
    if (tty && e.type === 'progress' && e.jobId === job.id)
      io.stderr.write(`\r${progressLine(e.progress)}\u001b[K`);
  });
  const onSigint = () => {
    void svc.cancel(job.id);
  };
  process.once('SIGINT', onSigint);
  try {
    const final = await svc.wait(job.id);
    if (tty) io.stderr.write('\n');
    writeAnswer(io, json, final, () => summaryText(final));
    return exitCodeOf(final);
  } finally {
    off();
    process.removeListener('SIGINT', onSigint);
  }
}
