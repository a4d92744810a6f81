import { shorten, type Digest, type Figure } from './digest';
import { LINK_KIND_NAMES } from './links';
import type { DayRange } from './report-range';
import { escapeMrkdwn } from './slack';
import { plural } from './words';
import { READ_PLACES, type ReadPlace } from './read-places';

// The digest as people read it: one set of rows and sections, written out as
// plain text, HTML mail and a Slack Block Kit message, so the three always agree.

interface Row {
  label: string;
  figure: Figure;
}

const SECTIONS: Array<{ title: string; rows: Row[] }> = [
  {
    title: 'Reading',
    rows: [
      { label: 'New write-ups', figure: 'newWriteups' },
      { label: 'Reads', figure: 'views' },
      { label: 'Engaged reads', figure: 'engaged' },
      { label: 'Readers', figure: 'readers' },
      { label: 'Write-ups read 90+ days after publication', figure: 'longTail' },
    ],
  },
  {
    title: 'Reviews',
    rows: [
      { label: 'Reviews', figure: 'reviews' },
      { label: 'Attendees', figure: 'attendees' },
      { label: 'Came without being told to', figure: 'voluntary' },
      { label: 'Shared their own view', figure: 'participated' },
      { label: 'Survey responses', figure: 'responses' },
    ],
  },
  { title: 'Links', rows: [{ label: 'New links to write-ups', figure: 'links' }] },
];

const QUESTION_NAMES = { surprise: 'What surprised them', mystery: 'Still a mystery' } as const;

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const at = (day: string) => new Date(`${day}T00:00:00Z`);

/** `23–29 November 2026`, or `30 November – 6 December 2026` across months. */
export function weekName(range: DayRange): string {
  const partsOf = (day: string) =>
    Object.fromEntries(dayFormat.formatToParts(at(day)).map((p) => [p.type, p.value])) as Record<'day' | 'month' | 'year', string>;
  const [from, to] = [partsOf(range.from), partsOf(range.to)];
  // The week so far on its first day is that one day.
  if (range.from === range.to) return dayFormat.format(at(range.from));
  if (from.year !== to.year) return `${dayFormat.format(at(range.from))} – ${dayFormat.format(at(range.to))}`;
  if (from.month !== to.month) return `${from.day} ${from.month} – ${to.day} ${to.month} ${to.year}`;
  return `${from.day}–${to.day} ${to.month} ${to.year}`;
}

export const dayName = (day: string) => dayFormat.format(at(day));

export const subject = (digest: Digest) => `Are we learning? Incident signals, ${weekName(digest.week)}`;

const INTRO = "This week's signals beside the week before's, and participants' own words. Signals to read side by side, not a score.";

function kindsLine(digest: Digest): string | undefined {
  const kinds = digest.linksByKind.filter((k) => k.now > 0);
  return kinds.length ? `From ${kinds.map((k) => `${(LINK_KIND_NAMES as Record<string, string>)[k.kind] ?? k.kind} ${k.now}`).join(', ')}` : undefined;
}

/** Long-tail write-ups counted but not named (a digest names the first `DIGEST_LONG_TAIL_LISTED`). */
const unlistedLongTail = (digest: Digest) => Math.max(0, digest.figures.longTail.now - digest.longTail.length);

/** A long-tail write-up's week: its tracked reads, and each place's own views beside them (never summed). */
const weekReads = (w: Digest['longTail'][number]) =>
  [
    ...(w.views > 0 || !w.elsewhere ? [plural(w.views, 'read')] : []),
    ...(Object.entries(w.elsewhere ?? {}) as Array<[ReadPlace, number]>).map(([place, views]) => `${plural(views, 'view')} on ${READ_PLACES[place].name}`),
  ].join(', ');

const longTailName = (w: Digest['longTail'][number]) => `${w.title} (published ${dayName(w.publishedAt)}, ${weekReads(w)} this week)`;

// Plain text.

export function digestText(digest: Digest): string {
  const lines = [subject(digest), '', INTRO, ''];
  for (const section of SECTIONS) {
    lines.push(section.title.toUpperCase());
    for (const row of section.rows) {
      const { now, before } = digest.figures[row.figure];
      lines.push(`  ${row.label}: ${now} (week before: ${before})`);
    }
    if (section.title === 'Reading') {
      for (const w of digest.longTail) lines.push(`    - ${longTailName(w)}`);
      if (unlistedLongTail(digest))
        lines.push(`    …and ${plural(unlistedLongTail(digest), 'write-up')} more: ${digest.dashboardUrl}/digest?week=${digest.week.from}`);
    }
    if (section.title === 'Links' && kindsLine(digest)) lines.push(`    ${kindsLine(digest)}`);
    lines.push('');
  }
  lines.push("IN PARTICIPANTS' WORDS (the last four weeks)");
  if (digest.words.length === 0) lines.push('  No surprises or mysteries were written down in the last four weeks.');
  for (const w of digest.words) lines.push(`  ${QUESTION_NAMES[w.question]}, on "${w.writeupTitle}":`, ...quoteLines(shorten(w.answer)), '');
  if (digest.anniversaries.length) {
    lines.push('', 'ONE YEAR AGO THIS WEEK');
    for (const a of digest.anniversaries) {
      lines.push(`  "${a.title}", published ${dayName(a.publishedAt)}. ${digest.dashboardUrl}/writeups/${encodeURIComponent(a.id)}`);
      if (a.mysteries.length) lines.push('  Still a mystery then:', ...a.mysteries.flatMap((m) => quoteLines(shorten(m))));
    }
  }
  lines.push('', `More on the dashboard: ${digest.dashboardUrl}/`);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

const quoteLines = (text: string) => text.split(/\r?\n/).map((line) => `    > ${line}`);

// HTML mail: every text escaped, styles inline (mail clients drop style sheets).

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Participants' words as text a mail client cannot make a link of: mail clients
 * link any address-like run of text, so a word break (`<wbr>`, which also lets a
 * long address wrap on a phone) follows every `.` and `:` within a run, splitting
 * such runs into pieces none of which is an address (a sentence's last `.` is left
 * alone). Read or copied, the words are as written.
 */
const escapeWords = (text: string) => escapeHtml(text).replace(/([.:])(?=\S)/g, '$1<wbr>');

const S = {
  body: 'margin:0;padding:0;background:#f3f5f8;',
  card: 'max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font:15px/1.5 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1b1f24;',
  h1: 'font-size:22px;line-height:1.25;margin:0 0 8px;',
  h2: 'font-size:17px;margin:24px 0 8px;border-bottom:1px solid #d5d9de;padding-bottom:4px;',
  muted: 'color:#4b5563;',
  table: 'border-collapse:collapse;width:100%;table-layout:fixed;',
  th: 'width:112px;white-space:nowrap;text-align:right;font-weight:600;color:#4b5563;font-size:13px;padding:4px 8px;',
  td: 'padding:4px 8px;border-top:1px solid #eef0f3;text-align:left;font-weight:400;',
  num: 'padding:4px 8px;border-top:1px solid #eef0f3;text-align:right;font-variant-numeric:tabular-nums;',
  now: 'padding:4px 8px;border-top:1px solid #eef0f3;text-align:right;font-weight:700;font-variant-numeric:tabular-nums;',
  quote: 'margin:4px 0 14px;padding:6px 12px;border-left:4px solid #d5d9de;white-space:pre-wrap;',
  link: 'color:#0b5cad;',
};

/** The digest's body as HTML (the dashboard's preview shows the same). */
export function digestHtmlBody(digest: Digest): string {
  const link = (path: string, text: string) => `<a style="${S.link}" href="${escapeHtml(`${digest.dashboardUrl}${path}`)}">${escapeHtml(text)}</a>`;
  const writeupLink = (id: string, title: string) => link(`/writeups/${encodeURIComponent(id)}`, title);
  const parts = [
    `<h1 style="${S.h1}">Are we learning from our incidents?</h1>`,
    `<p style="${S.muted}margin:0 0 8px;">The week of ${escapeHtml(weekName(digest.week))}. ${escapeHtml(INTRO)}</p>`,
  ];
  for (const section of SECTIONS) {
    parts.push(`<h2 style="${S.h2}">${escapeHtml(section.title)}</h2>`);
    parts.push(`<table style="${S.table}"><tr><td></td><th scope="col" style="${S.th}">This week</th><th scope="col" style="${S.th}">Week before</th></tr>`);
    for (const row of section.rows) {
      const { now, before } = digest.figures[row.figure];
      parts.push(`<tr><th scope="row" style="${S.td}">${escapeHtml(row.label)}</th><td style="${S.now}">${now}</td><td style="${S.num}">${before}</td></tr>`);
    }
    parts.push('</table>');
    if (section.title === 'Reading' && digest.longTail.length) {
      parts.push(
        `<p style="margin:8px 0 0;">Still read long after publication:</p><ul style="margin:4px 0;">${digest.longTail.map((w) => `<li>${writeupLink(w.id, w.title)} <span style="${S.muted}">(published ${escapeHtml(dayName(w.publishedAt))}, ${escapeHtml(weekReads(w))} this week)</span></li>`).join('')}${unlistedLongTail(digest) ? `<li><a href="${escapeHtml(`${digest.dashboardUrl}/digest?week=${digest.week.from}`)}">…and ${plural(unlistedLongTail(digest), 'write-up')} more</a></li>` : ''}</ul>`,
      );
    }
    if (section.title === 'Links' && kindsLine(digest)) parts.push(`<p style="margin:8px 0 0;${S.muted}">${escapeHtml(kindsLine(digest)!)}</p>`);
  }
  parts.push(`<h2 style="${S.h2}">In participants' words</h2><p style="${S.muted}margin:0 0 8px;">From the last four weeks of survey answers.</p>`);
  if (digest.words.length === 0) parts.push('<p>No surprises or mysteries were written down in the last four weeks.</p>');
  for (const w of digest.words) {
    parts.push(
      `<p style="margin:8px 0 0;"><strong>${escapeHtml(QUESTION_NAMES[w.question])}</strong>, on ${writeupLink(w.writeupId, w.writeupTitle)}:</p><blockquote style="${S.quote}">${escapeWords(shorten(w.answer))}</blockquote>`,
    );
  }
  if (digest.anniversaries.length) {
    parts.push(`<h2 style="${S.h2}">One year ago this week</h2>`);
    for (const a of digest.anniversaries) {
      parts.push(`<p style="margin:8px 0 0;">${writeupLink(a.id, a.title)}, published ${escapeHtml(dayName(a.publishedAt))}.</p>`);
      if (a.mysteries.length)
        parts.push(
          `<p style="margin:4px 0 0;${S.muted}">Still a mystery then:</p>${a.mysteries.map((m) => `<blockquote style="${S.quote}">${escapeWords(shorten(m))}</blockquote>`).join('')}`,
        );
    }
  }
  parts.push(`<p style="margin:24px 0 0;">${link('/', 'Open the dashboard')} for every write-up's signals.</p>`);
  return parts.join('\n');
}

export function digestHtml(digest: Digest): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject(digest))}</title></head>
<body style="${S.body}"><div style="${S.card}">
${digestHtmlBody(digest)}
</div></body></html>
`;
}

// Slack: Block Kit with mrkdwn, where `&`, `<` and `>` must be escaped (they
// would otherwise make links and mentions such as <!channel> out of people's words).

const slackLink = (url: string, text: string) => `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(text)}>`;

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/**
 * mrkdwn that Slack takes as written (`verbatim`): no address in people's words
 * becomes a link, no channel or mention is made of them; the product's own
 * `<url|title>` links still work.
 */
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });

/** Slack caps a section's text at 3,000 characters, and a message at 50 blocks. */
export const SLACK_SECTION_CHARS = 3000;
export const SLACK_BLOCKS = 50;

const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });

/**
 * A section's lines, as many as fit whole (a cut never leaves half a `<url|title>` link or half an `&amp;`),
 * and, when some do not, a last line saying how many more there are, linked to the preview.
 */
function fitted(lines: string[], items: number, more: (left: number) => string, unlisted = 0): string {
  const fixed = lines.length - items;
  const textOf = (n: number) => {
    const left = lines.length - n + unlisted;
    return [...lines.slice(0, n), ...(left > 0 ? [more(left)] : [])].join('\n');
  };
  let kept = lines.length;
  while (kept > fixed && textOf(kept).length > SLACK_SECTION_CHARS) kept--;
  return textOf(kept);
}

/** Whole text kept to a section's length: cut at a line, then at a space, never inside an entity or a link. */
function clipped(text: string): string {
  if (text.length <= SLACK_SECTION_CHARS) return text;
  const room = text.slice(0, SLACK_SECTION_CHARS - 1);
  const at = Math.max(room.lastIndexOf('\n'), room.lastIndexOf(' '));
  let cut = room.slice(0, at > 0 ? at : room.length);
  // An entity or a link left open at the cut goes whole.
  cut = cut.replace(/&[a-z]*$/, '').replace(/<[^>]*$/, '');
  return `${cut}…`;
}

export function digestSlack(digest: Digest): SlackMessage {
  const writeupLink = (id: string, title: string) => slackLink(`${digest.dashboardUrl}/writeups/${encodeURIComponent(id)}`, title);
  const preview = `${digest.dashboardUrl}/digest?week=${digest.week.from}`;
  const seeMore = (left: number, what: string) => `  …and ${plural(left, what)} more: ${slackLink(preview, 'see them in the preview')}`;
  const blocks: SlackMessage['blocks'] = [
    { type: 'header', text: { type: 'plain_text', text: `Are we learning? The week of ${weekName(digest.week)}`.slice(0, 150) } },
    { type: 'context', elements: [mrkdwn(escapeMrkdwn(INTRO))] },
  ];
  for (const s of SECTIONS) {
    const lines = s.rows.map((row) => {
      const { now, before } = digest.figures[row.figure];
      return `${escapeMrkdwn(row.label)}: *${now}* (week before: ${before})`;
    });
    lines.unshift(`*${s.title}*`);
    if (s.title === 'Links' && kindsLine(digest)) lines.push(`  ${escapeMrkdwn(kindsLine(digest)!)}`);
    const listed = s.title === 'Reading' ? digest.longTail : [];
    const items = listed.map((w) => `  • ${writeupLink(w.id, w.title)}, published ${dayName(w.publishedAt)}: ${escapeMrkdwn(weekReads(w))}`);
    const unlisted = s.title === 'Reading' ? unlistedLongTail(digest) : 0;
    blocks.push(section(fitted([...lines, ...items], items.length, (left) => seeMore(left, 'write-up'), unlisted)));
  }
  blocks.push({ type: 'divider' });
  blocks.push(
    section(
      digest.words.length
        ? "*In participants' words* (the last four weeks)"
        : "*In participants' words*\nNo surprises or mysteries were written down in the last four weeks.",
    ),
  );
  for (const w of digest.words) {
    const quoted = shorten(w.answer)
      .split(/\r?\n/)
      .map((line) => `>${escapeMrkdwn(line)}`)
      .join('\n');
    blocks.push(section(clipped(`_${QUESTION_NAMES[w.question]}_, on ${writeupLink(w.writeupId, w.writeupTitle)}:\n${quoted}`)));
  }
  if (digest.anniversaries.length) {
    blocks.push(section('*One year ago this week*'));
    for (const a of digest.anniversaries) {
      const mysteries = a.mysteries.map((m) =>
        shorten(m)
          .split(/\r?\n/)
          .map((line) => `>${escapeMrkdwn(line)}`)
          .join('\n'),
      );
      blocks.push(
        section(
          clipped(
            `${writeupLink(a.id, a.title)}, published ${dayName(a.publishedAt)}.${mysteries.length ? `\nStill a mystery then:\n${mysteries.join('\n')}` : ''}`,
          ),
        ),
      );
    }
  }
  const closing = (left: number) => ({
    type: 'context',
    elements: [
      mrkdwn(
        `${left ? `${plural(left, 'more part')} of this digest ${left === 1 ? 'is' : 'are'} in ${slackLink(preview, 'the preview')}. ` : ''}${slackLink(`${digest.dashboardUrl}/`, 'Open the dashboard')}`,
      ),
    ],
  });
  // Slack allows 50 blocks: past them, the rest is counted and linked, never dropped unsaid.
  if (blocks.length + 1 <= SLACK_BLOCKS) return { text: subject(digest), blocks: [...blocks, closing(0)] };
  const kept = blocks.slice(0, SLACK_BLOCKS - 1);
  return { text: subject(digest), blocks: [...kept, closing(blocks.length - kept.length)] };
}
