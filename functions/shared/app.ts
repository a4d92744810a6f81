import { Hono } from 'hono';
import { handleError, handleNotFound } from './errors';

/** A Hono app that answers errors and unknown addresses as the contract says. */
export function contractApp() {
  return new Hono().onError(handleError).notFound(handleNotFound);
}
