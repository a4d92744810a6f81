import { LINK_KIND_NAMES, LINK_KINDS, linkKindSchema, type LinkKind } from '../../domain/links';
import type { DayRange } from '../../domain/report-range';

/** The builder's field in the page's address: not `from`, which is the range's first day there. */
export const GO_KIND_PARAM = 'golink';

/** What the address asked of the builder: a kind, nothing, or a value that is no kind. */
export type GoLinkAsked = { kind?: LinkKind; problem?: string };

export function readGoLinkAsked(value: string | undefined): GoLinkAsked {
  if (value === undefined || value === '') return {};
  const kind = linkKindSchema.safeParse(value);
  return kind.success ? { kind: kind.data } : { problem: `must be one of: ${LINK_KINDS.join(', ')}` };
}

/**
 * A go-link for one kind of place: pick where it goes, get its address to paste there.
 * A GET form, so it works without scripts (the page shows the address); the
 * dashboard's script adds the copy button. Clicks on it count on that kind
 * whatever the reader's browser says of where they came from.
 */
export function GoLinkBuilder(props: { goLink: string; writeupId: string; range: DayRange; asked: GoLinkAsked }) {
  const { kind, problem } = props.asked;
  const built = kind ? `${props.goLink}?from=${kind}` : undefined;
  return (
    <section class="snippet" id="go-link-builder" aria-labelledby="go-link-builder-title">
      <h3 id="go-link-builder-title">A go-link for one place</h3>
      <p class="muted" id="go-link-builder-help">
        Pick where the link will be, and paste the address below there. Its clicks count as that kind of place, even when the reader's browser says only which
        site they came from.
      </p>
      <form class="range" method="get" action={`/writeups/${props.writeupId}#go-link-builder`} aria-labelledby="go-link-builder-title">
        <input type="hidden" name="from" value={props.range.from} />
        <input type="hidden" name="to" value={props.range.to} />
        <label>
          Where the link will be
          <select
            name={GO_KIND_PARAM}
            aria-describedby={problem ? 'go-link-error go-link-builder-help' : 'go-link-builder-help'}
            aria-invalid={problem ? 'true' : undefined}
          >
            {LINK_KINDS.map((k) => (
              <option value={k} selected={k === kind}>
                {`${LINK_KIND_NAMES[k].charAt(0).toUpperCase()}${LINK_KIND_NAMES[k].slice(1)} (${k})`}
              </option>
            ))}
          </select>
          {problem ? (
            <span class="field-error" id="go-link-error">
              {`Where the link will be ${problem}.`}
            </span>
          ) : null}
        </label>
        <button type="submit">Make the go-link</button>
      </form>
      {built ? (
        <>
          <p>
            <strong id="snippet-golink-built-label">{`Go-link for ${LINK_KIND_NAMES[kind!]}`}</strong>
          </p>
          <pre>
            <code id="snippet-golink-built">{built}</code>
          </pre>
          <button type="button" data-copy="snippet-golink-built" aria-describedby="snippet-golink-built-label" hidden>
            Copy
          </button>
        </>
      ) : null}
    </section>
  );
}

/** Why a place found from a referrer is only a site, and what gives a precise one. */
export function ReferrerNote(props: { mayAdd: boolean }) {
  return (
    <p class="muted" id="referrer-note">
      Why some places are only a site: when a reader follows a link from another site, browsers send only that site's address (its origin, such as
      https://wiki.example.com/), never the page, so a referrer says which site, not which page. For a precise place, use a{' '}
      <a href="#go-link-builder">go-link made for that kind of place</a>
      {props.mayAdd ? ", or add the place's address above." : '.'}
    </p>
  );
}
