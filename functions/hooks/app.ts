import { contractApp, group, mount } from '../shared/app';
import type { AppDeps } from '../shared/deps';
import { githubHook } from './github';
import { incidentIoHook, rootlyHook } from './incident-platforms';
import { hookRoutes, MAX_HOOK_BYTES } from './routes';
import { slackHook } from './slack';

export { MAX_HOOK_BYTES };

/** Where people talk: signed webhooks that turn mentions of write-ups into links. */
export function hooksApp(deps: AppDeps) {
  return mount(contractApp({ maxBodyBytes: MAX_HOOK_BYTES, edgeSecret: deps.edgeSecret }), [
    group(hookRoutes, { githubHook: githubHook(deps), slackHook: slackHook(deps), incidentIoHook: incidentIoHook(deps), rootlyHook: rootlyHook(deps) }),
  ]);
}
