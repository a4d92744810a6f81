/**
 * The store could not be reached or could not serve the request (a network
 * failure, a time-out, throttling, its own 5xx, or the store client's gate
 * refusing calls while it is down, `StoreGateRefused`): the caller should say
 * so and try again later. The data layer raises it; the HTTP layer answers it with 503.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
