// The tracker embedded in write-ups: a `view` beacon for each page a reader is
// shown (a load, a History-API or, with `data-hash`, hash navigation, a
// back-forward-cache restore) and an `engage` beacon (visible-and-focused time,
// deepest scroll) whenever that page is hidden or left. No cookies, no storage,
// no dependencies; every byte counts (budget: 700 gzipped).
((doc: Document, win: Window & { _ls?: (copy: HTMLScriptElement) => void }) => {
  let script = doc.currentScript as HTMLScriptElement | null;
  // Automated browsers are not readers.
  if (!script || navigator.webdriver) return;
  // One tracker a page: a copy inserted later (a script per route) hands its
  // script to the running one, which from then on reports that copy's write-up.
  if (win._ls) return win._ls(script);
  const endpoint = new URL('e', script.src).href;

  // The visit being counted: its write-up, address and id. All start unset:
  // nothing is counted before the page is first shown.
  let writeup: string | undefined;
  let here: string | undefined;
  let visit: string;
  let referrer = doc.referrer.slice(0, 900);
  let engagedMs: number;
  let activeSince: number | false | undefined;
  let deepest: number;
  let sent: number;

  // The page's address (its hash only with `data-hash`; an address never holds
  // a space), cut so the body stays within the server's 2 KB: its end goes first.
  const address = () => location.href.split('hash' in script!.dataset ? ' ' : '#')[0]!.slice(0, 900);

  const send = (kind: string, extra?: object) => {
    // Without `data-writeup`, `w` is left out and the server finds the write-up at `u`.
    const body = JSON.stringify({ w: writeup, k: kind, u: here, r: referrer, v: visit, ...extra });
    // A string body goes as text/plain: a simple request, no CORS preflight and
    // no cookies; keepalive lets it outlive the page.
    fetch(endpoint, { method: 'POST', body, keepalive: true });
  };

  // Folds the running stretch of active time into the total, then restarts the
  // clock if the page is still active and still at the address it counted.
  const tick = () => {
    const now = Date.now();
    if (activeSince) engagedMs += now - activeSince;
    activeSince = here === address() && !doc.hidden && doc.hasFocus() && now;
  };
  const scrolled = () => {
    deepest = Math.max(deepest, Math.min(100, ((win.scrollY + win.innerHeight) / doc.documentElement.scrollHeight) * 100));
  };
  const leave = () => {
    tick();
    activeSince = 0;
    if (engagedMs > sent) {
      sent = engagedMs;
      send('engage', { e: engagedMs, s: deepest });
    }
  };
  // Counts a view when the page is shown at a new address (or for another
  // write-up): the previous visit's engagement is closed first, and the new
  // one is a new visit. Prerendered and hidden pages wait until they are shown
  // (a prerendered page is hidden until it is activated).
  const route = () => {
    const now = address();
    const named = script!.dataset.writeup;
    if (!doc.hidden && (here !== now || writeup !== named)) {
      leave();
      if (here) referrer = here;
      here = now;
      writeup = named;
      // 16 or so random digits: a visit id the server takes (8 to 64 characters).
      visit = `${Math.random() + 1}`.slice(2);
      engagedMs = deepest = sent = 0;
      send('view');
      scrolled();
    }
    tick();
  };
  // A navigation stops the clock at once; the view waits a moment, for an app
  // that puts the new route's script (and write-up) in the page to do so.
  const moved = () => {
    tick();
    setTimeout(route, 500);
  };

  win._ls = (copy) => {
    script = copy;
    route();
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      // biome-ignore lint/complexity/noArguments: the shortest way to pass them all on
      original.apply(this, arguments as never);
      moved();
    };
  }
  const on = (type: string, listener: (event: PageTransitionEvent) => void) => win.addEventListener(type, listener as EventListener);
  // popstate comes with hash changes too.
  on('popstate', moved);
  on('scroll', scrolled);
  on('focus', tick);
  on('blur', tick);
  on('pagehide', leave);
  // Restored from the back-forward cache: a new view, a new visit.
  on('pageshow', (event) => {
    if (event.persisted) {
      here = '';
      route();
    }
  });
  // Bubbles from the document to the window.
  on('visibilitychange', () => (doc.hidden ? leave() : route()));

  route();
})(document, window);
