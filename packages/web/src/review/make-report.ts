import type { ReportJobRequest, ReportJobView } from '@payesh/contract';
import type { Api } from '../api.js';

/** Starts a report on the server and follows it until it is made (or failed), telling each step. */
export async function makeReport(
  api: Api,
  runId: string,
  request: ReportJobRequest,
  onProgress: (job: ReportJobView) => void,
  signal: AbortSignal,
  pollMs = 400,
): Promise<ReportJobView> {
  let job = await api.startReport(runId, request);
  onProgress(job);
  while (job.state === 'running' && !signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    job = await api.report(job.id);
    onProgress(job);
  }
  return job;
}
