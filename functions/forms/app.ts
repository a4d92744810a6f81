import type { AppDeps } from '../shared/deps';
import { contractApp } from '../shared/app';

/**
 * Review check-in (`/c/*`) and post-review survey (`/s/*`) pages. Their routes
 * come with the reviews signal; until then every address here is not found.
 */
export function formsApp(_deps: AppDeps) {
  return contractApp();
}
