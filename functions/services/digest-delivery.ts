import type { Transporter } from 'nodemailer';
import type { Destination, Digest } from '../domain/digest';
import { digestHtml, digestSlack, digestText, subject, type SlackMessage } from '../domain/digest-message';
import { plural } from '../domain/words';
import type { DigestSettings } from './digest';

// Where a digest goes: a Slack incoming webhook, and mail through SMTP (locally)
// or SES (in AWS). Each failure says whether trying again could help.

export class DeliveryFailed extends Error {
  constructor(
    message: string,
    /** False when the destination refused the message itself: trying again would be refused again. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * One try of a digest to one destination, written out for it; what the
 * destination said (mail's recipients) when there is something to keep.
 */
export async function deliver(
  settings: Pick<DigestSettings, 'slackWebhookUrl' | 'email' | 'timeoutMs'>,
  destination: Destination,
  digest: Digest,
): Promise<string | undefined> {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  if (destination === 'slack') {
    await postToSlack(await settings.slackWebhookUrl!(), digestSlack(digest), timeoutMs);
    return undefined;
  }
  const email = settings.email!;
  return sendMail(await mailTransport(email.via, timeoutMs), {
    from: email.from,
    to: email.to,
    subject: subject(digest),
    text: digestText(digest),
    html: digestHtml(digest),
  });
}

/** Slack's answers to an incoming webhook, from its documentation, said plainly. */
const SLACK_ERRORS: Record<string, string> = {
  invalid_payload: 'Slack could not read the message (invalid_payload)',
  no_service: 'the webhook was removed or its app uninstalled (no_service)',
  no_team: 'the Slack workspace is gone (no_team)',
  team_disabled: 'the Slack workspace is disabled (team_disabled)',
  channel_not_found: "the webhook's channel no longer exists (channel_not_found)",
  channel_is_archived: "the webhook's channel is archived (channel_is_archived)",
  action_prohibited: "a Slack admin restricted the webhook's channel (action_prohibited)",
  invalid_token: 'the webhook URL is not valid (invalid_token)',
};

/** Posts a Block Kit message to an incoming webhook, bounded in time. */
export async function postToSlack(webhookUrl: string, message: SlackMessage, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new DeliveryFailed(timedOut ? `Slack did not answer within ${timeoutMs / 1000} s` : `Slack could not be reached (${(error as Error).message})`, true);
  }
  const text = (await res.text().catch(() => '')).trim().slice(0, 200);
  if (res.ok) return;
  const said = SLACK_ERRORS[text] ?? (text ? `Slack answered ${res.status}: ${text}` : `Slack answered ${res.status}`);
  // Rate limits and Slack's own faults pass; any other refusal is about the webhook or the message.
  throw new DeliveryFailed(SLACK_ERRORS[text] ? `${said} (${res.status})` : said, res.status === 429 || res.status >= 500);
}

export interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** A calendar object as the mail's own text/calendar part (its METHOD said again), which mail clients offer to accept. */
  icalEvent?: { method: string; filename: string; content: string };
}

/** SMTP at a URL (`smtp://user:pass@host:587`, `smtps://…`), or SES through the AWS SDK. */
export async function mailTransport(via: { smtpUrl: string } | 'ses', timeoutMs: number): Promise<Transporter> {
  // Loaded when a digest is mailed, not when the admin function starts: its cold start stays as it was.
  const { createTransport } = await import('nodemailer');
  if (via === 'ses') {
    // Lambda's runtime provides the SDK; loaded only where mail goes through SES.
    const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    return createTransport({ SES: { sesClient: new SESv2Client({}), SendEmailCommand } });
  }
  return createTransport({ url: via.smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
}

/** Sends the mail; an SMTP 5xx or an SES rejection is final, anything else may pass on a later try. */
export async function sendMail(transport: Transporter, mail: Mail): Promise<string> {
  try {
    const info = await transport.sendMail(mail);
    return `to ${plural(Array.isArray(info.accepted) ? info.accepted.length : 0, 'recipient')}`;
  } catch (error) {
    const e = error as Error & { responseCode?: number; response?: string; code?: string; name?: string };
    if (typeof e.responseCode === 'number') {
      const said = (e.response ?? e.message).replace(/\s+/g, ' ').slice(0, 200);
      throw new DeliveryFailed(`the mail server refused the message: ${said}`, e.responseCode < 500);
    }
    if (e.name === 'MessageRejected' || e.name === 'MailFromDomainNotVerifiedException' || e.name === 'AccountSuspendedException') {
      throw new DeliveryFailed(`SES refused the message: ${e.message}`, false);
    }
    if (e.code === 'EENVELOPE') throw new DeliveryFailed(`the mail could not be addressed: ${e.message}`, false);
    throw new DeliveryFailed(`the mail server could not be reached (${e.code ?? e.name}: ${e.message})`, true);
  } finally {
    transport.close();
  }
}
