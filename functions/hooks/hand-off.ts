import type { SlackJob } from '../domain/slack';
import { linksFromSlack } from '../services/slack';
import { nowOf, type AppDeps } from '../shared/deps';
import { logger } from '../shared/logger';

/** An asynchronous invocation of the hooks' function by itself: its event says so. */
export interface HandedOff {
  handedOff: SlackJob;
}

export const isHandedOff = (event: unknown): event is HandedOff =>
  typeof event === 'object' && event !== null && (event as Partial<HandedOff>).handedOff?.kind === 'slack-link-shared';

/** Does a handed-off job. Doing it twice adds nothing (places are registered once), so Lambda's own retries of a failed one are safe. */
export async function runHandedOff(deps: AppDeps, job: SlackJob) {
  if (!deps.slack) return { ignored: 'no Slack app' };
  const result = await linksFromSlack(deps.store, job, deps.slack, nowOf(deps));
  // What the answer can no longer say (it went first): what the event added, left out and unfurled.
  logger.info('Slack event done', { eventId: job.shared.eventId, ...result });
  return result;
}

const running = new Set<Promise<unknown>>();

/** Runs a job in this process after the answer (`npm start`, tests); a failure is logged, never thrown at Slack. */
export const inProcess =
  (deps: AppDeps) =>
  async (job: SlackJob): Promise<void> => {
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => runHandedOff(deps, job))
      .catch((error: unknown) =>
        logger.error('Slack event failed', { eventId: job.shared.eventId, error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => running.delete(work));
    running.add(work);
  };

/** Waits for the jobs handed on in this process so far: what a test reads after a hook answered. */
export async function handedOffSettled(): Promise<void> {
  while (running.size) await Promise.all([...running]);
}

/**
 * In Lambda: invokes this same function with the job, asynchronously (`Event`): the hook answers at once, and
 * Lambda retries a job that fails (twice). The Lambda client is the runtime's, imported on the first job.
 */
export const throughLambda =
  (functionName: () => string) =>
  async (job: SlackJob): Promise<void> => {
    const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
    const answer = await new LambdaClient({}).send(
      new InvokeCommand({ FunctionName: functionName(), InvocationType: 'Event', Payload: JSON.stringify({ handedOff: job } satisfies HandedOff) }),
    );
    if (answer.StatusCode !== 202) throw new Error(`Lambda did not take the job (status ${answer.StatusCode})`);
  };
