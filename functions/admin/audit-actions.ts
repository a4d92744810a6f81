import { OPERATIONS } from '../operations';

/**
 * What each audit action means in words, derived once from the declarations:
 * the summary of the API operation that makes the change (the dashboard's
 * form for the same change says the same, less precisely).
 */
export const ACTION_NAMES: ReadonlyMap<string, string> = (() => {
  // Signing in is recorded by the sign-in pages themselves (`auth.tsx`), not by a declaration's action.
  const names = new Map<string, string>([
    ['session.start', 'Sign in'],
    ['session.refused', 'A refused sign-in or admin-token login'],
  ]);
  for (const operation of [...OPERATIONS.filter((o) => !o.page), ...OPERATIONS.filter((o) => o.page)]) {
    if (operation.action && operation.summary && !names.has(operation.action)) names.set(operation.action, operation.summary);
  }
  return names;
})();

/** An entry's action in words; an action no operation declares any more (an old entry) as it was recorded. */
export const actionName = (action: string) => ACTION_NAMES.get(action) ?? action;

/** Where a change came from, by the route that recorded it. */
export const throughOf = (route: string) => (route.split(' ')[1]?.startsWith('/api/') ? 'the API' : 'the dashboard');
