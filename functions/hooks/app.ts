import { contractApp } from '../shared/app';
import type { AppDeps } from '../shared/deps';
import { githubRoutes } from './github';
import { slackRoutes } from './slack';

/** GitHub's push, pull-request, issue and comment webhooks: a push may carry up to 2,048 commits. */
export const MAX_HOOK_BYTES = 5 * 1024 * 1024;

/** Where people talk: signed webhooks that turn mentions of write-ups into links. */
export function hooksApp(deps: AppDeps) {
  const app = contractApp({ maxBodyBytes: MAX_HOOK_BYTES });
  app.route('/hooks/github', githubRoutes(deps));
  app.route('/hooks/slack', slackRoutes(deps));
  return app;
}
