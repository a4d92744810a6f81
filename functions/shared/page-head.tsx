import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';

/** The head every page shares: phone-sized, never indexed, no favicon request, its own styles. */
export function PageHead(props: { title: string; css: string; children?: Child }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <link rel="icon" href="data:," />
      <title>{`${props.title} · Learning Signals`}</title>
      <style>{raw(props.css)}</style>
      {props.children}
    </head>
  );
}
