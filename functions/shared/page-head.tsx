import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';

/** The product's icon, served by the dashboard (`/favicon.svg`, and `/favicon.ico` sends browsers there). */
export const FAVICON_PATH = '/favicon.svg';

/** Written before `<html>`: without it browsers lay pages out in quirks mode (tables, for one, do not inherit the page's colours). */
export const DOCTYPE = raw('<!doctype html>');

/** The head every page shares: phone-sized, never indexed, the product's icon, its own styles. */
export function PageHead(props: { title: string; css: string; children?: Child }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
      <title>{`${props.title} · Learning Signals`}</title>
      <style>{raw(props.css)}</style>
      {props.children}
    </head>
  );
}
