import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Issue } from '../domain/validation';
import { errorBody, RETRY_AFTER_SECONDS, type ErrorCode } from '../shared/errors';

/** A rendered page (a JSX element). */
type Page = string | Promise<string>;

/**
 * How a form's route answers a post: the contract's JSON to a script that sent
 * JSON, the page to a person's browser, with the same status either way.
 */
export function formReply(c: Context, json: boolean) {
  return {
    /** Nothing was saved: the error, or the page that says it (a 503 also says when to try again). */
    refused(status: ContentfulStatusCode, code: ErrorCode, message: string, page: Page, issues?: Issue[]) {
      if (status === 503) c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return json ? c.json(errorBody(code, message, issues), status) : c.html(page, status);
    },
    /** Saved (or saved already, by this same form): 201. */
    saved(page: Page) {
      return json ? c.json({ ok: true }, 201) : c.html(page, 201);
    },
  };
}

export type FormReply = ReturnType<typeof formReply>;
