// The tracker embedded in write-ups: one `view` beacon per page load and an
// `engage` beacon (visible-and-focused time, deepest scroll) whenever the page
// is hidden or left. No cookies, no storage, no dependencies.
((doc, win, nav) => {
  const script = doc.currentScript as HTMLScriptElement | null;
  const writeup = script?.dataset.writeup;
  if (!script || !writeup) return;
  const endpoint = new URL('e', script.src).href;
  const visit = Math.random().toString(36).slice(2) + Date.now().toString(36);

  let engagedMs = 0;
  let activeSince = 0;
  let deepest = 0;
  let lastSent = -1;

  const send = (kind: string, extra?: object) => {
    const body = JSON.stringify({ w: writeup, k: kind, u: location.href, r: doc.referrer || null, v: visit, ...extra });
    const beacon = () => nav.sendBeacon?.(endpoint, body);
    try {
      // text/plain keeps it a simple request: no CORS preflight.
      fetch(endpoint, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'text/plain' } }).catch(beacon);
    } catch {
      beacon();
    }
  };

  const isActive = () => doc.visibilityState === 'visible' && doc.hasFocus();
  // Folds the running stretch of active time into the total, then restarts the clock if still active.
  const tick = () => {
    const now = Date.now();
    if (activeSince) engagedMs += now - activeSince;
    activeSince = isActive() ? now : 0;
  };
  const scrolled = () => {
    const root = doc.documentElement;
    const height = root.scrollHeight;
    const seen = height > 0 ? ((win.scrollY + win.innerHeight) / height) * 100 : 100;
    deepest = Math.max(deepest, Math.min(100, Math.round(seen)));
  };
  const leave = () => {
    tick();
    activeSince = 0;
    if (engagedMs !== lastSent) {
      lastSent = engagedMs;
      send('engage', { e: engagedMs, s: deepest });
    }
  };

  win.addEventListener('scroll', scrolled, { passive: true });
  win.addEventListener('focus', tick);
  win.addEventListener('blur', tick);
  doc.addEventListener('visibilitychange', () => (doc.visibilityState === 'hidden' ? leave() : tick()));
  win.addEventListener('pagehide', leave);

  scrolled();
  tick();
  send('view');
})(document, window, navigator);
