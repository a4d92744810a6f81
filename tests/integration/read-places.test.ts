import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '../../functions/domain/dates';
import { googleFileIdOf, isMicrosoftDocument, sharingIdOf } from '../../functions/domain/read-places';
import { importGoogle } from '../../functions/services/google-reads';
import { importMicrosoft } from '../../functions/services/microsoft-reads';
import type { AppDeps, GoogleSettings, MicrosoftSettings } from '../../functions/shared/deps';
import { localApp, NO_LIMITS } from '../../local/server';
import { createWriteup, report } from '../helpers/apps';
import { adminHeaders, loginCookie, testDeps } from '../helpers/deps';
import { GOOGLE_ADMIN, MS, readPlaceApis, serviceAccount } from '../helpers/read-places';

// Google's Reports API and Microsoft Graph, each answered by a local server in their documented
// shapes (tests/helpers/read-places.ts), from fixtures of each day's views.
const NOW = new Date();
const TODAY = dayOf(NOW);
const DOC = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEf';
const SHEET = '1SheetIdOfTheCopy0123456789abcdefGHIJKLMNOP';
const SHAREPOINT = 'https://acme.sharepoint.com/sites/SRE/Shared%20Documents/Postmortems/DNS%20outage.docx';
const ONEDRIVE = 'https://acme-my.sharepoint.com/:w:/g/personal/ana_acme_com/EbC1xyz?e=AbCd';
const key = serviceAccount();
let apis: Awaited<ReturnType<typeof readPlaceApis>>;
let google: GoogleSettings;
let microsoft: MicrosoftSettings;
let deps: AppDeps;
let app: ReturnType<typeof localApp>;
/** The app's clock: moved on where a test runs an import by hand days later. */
let clock = NOW;

/** Day `n` days ago at `hour` UTC. */
const at = (n: number, hour: number) => `${addDays(TODAY, -n)}T${String(hour).padStart(2, '0')}:15:00.000Z`;

beforeAll(async () => {
  apis = await readPlaceApis(key);
  google = { serviceAccountKey: key.json, subject: GOOGLE_ADMIN, apiUrl: apis.urls.google, timeoutMs: 2_000 };
  microsoft = { tenantId: MS.tenant, clientId: MS.clientId, clientSecret: MS.secret, graphUrl: apis.urls.graph, loginUrl: apis.urls.login, timeoutMs: 2_000 };
  // Over 40 days: the Doc read by ana and bo on even days (ana twice), the Sheet by cy every third day;
  // a view another event caused (primary_event false), an edit beside a view, and another file's views.
  for (let n = 1; n <= 40; n++) {
    if (n % 2 === 0)
      apis.views.push(
        { docId: DOC, time: at(n, 9), profileId: 'ana' },
        { docId: DOC, time: at(n, 23), profileId: 'ana', withEdit: true },
        { docId: DOC, time: at(n, 0), profileId: 'bo' },
        { docId: DOC, time: at(n, 10), profileId: 'bo', primary: false },
      );
    if (n % 3 === 0) apis.views.push({ docId: SHEET, time: at(n, 12), profileId: 'cy' });
    apis.views.push({ docId: '1SomeOtherFileNobodyRegistered000000000000', time: at(n, 8), profileId: 'dee' });
  }
  // Today's views are not a whole day yet: never imported today.
  apis.views.push({ docId: DOC, time: `${TODAY}T00:00:01.000Z`, profileId: 'ana' });
  apis.items.set(SHAREPOINT, { driveId: 'b!VvpCx03990mC5Lb5YxH0SUA9TgZHvEZImra6PMjrvbx85KUwT1BMTbhen6I6ffXL', id: '01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K' });
  apis.items.set(ONEDRIVE, { driveId: 'b!personalDrive0001', id: '01ONEDRIVEITEM0000000000000000000' });
  const days = new Map<string, { views: number; viewers: number }>();
  for (let n = 1; n <= 40; n++) if (n % 4 !== 0) days.set(addDays(TODAY, -n), { views: n, viewers: Math.ceil(n / 2) });
  apis.activity.set('01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K', days);
  apis.activity.set('01ONEDRIVEITEM0000000000000000000', new Map([[addDays(TODAY, -2), { views: 3, viewers: 1 }]]));

  deps = await testDeps({ now: () => clock, google, microsoft });
  app = localApp(deps, NO_LIMITS);
  await createWriteup(app, 'in-a-doc', { url: `https://docs.google.com/document/d/${DOC}/edit?usp=sharing` });
  await createWriteup(app, 'sheet-copy', { copies: [`https://docs.google.com/spreadsheets/u/0/d/${SHEET}/edit#gid=0`] });
  await createWriteup(app, 'in-sharepoint', { url: SHAREPOINT });
  await createWriteup(app, 'in-onedrive', { copies: [ONEDRIVE] });
  await createWriteup(app, 'elsewhere');
});
afterAll(() => apis?.close());

/** What the fixture says of the Doc on a day: views by a person (primary), and who viewed. */
function docDay(day: string) {
  const mine = apis.views.filter((v) => v.docId === DOC && v.time.startsWith(day) && v.primary !== false);
  return { views: mine.length, viewers: new Set(mine.map((v) => v.profileId)).size };
}

describe('where write-ups live: the addresses each place is read at', () => {
  it("finds a Drive file's id in any URL form Google hands out, and no id in a published copy", () => {
    for (const url of [
      `https://docs.google.com/document/d/${DOC}/edit`,
      `https://docs.google.com/document/u/0/d/${DOC}/`,
      `https://docs.google.com/a/acme.example/document/d/${DOC}/view`,
      `https://docs.google.com/presentation/d/${DOC}/edit#slide=id.p`,
      `https://drive.google.com/file/d/${DOC}/view?usp=drive_link`,
      `https://drive.google.com/open?id=${DOC}`,
    ])
      expect({ url, id: googleFileIdOf(url) }).toEqual({ url, id: DOC });
    expect(googleFileIdOf('https://docs.google.com/document/d/e/2PACX-1vQpublished0000000000000000/pub')).toBeUndefined();
    expect(googleFileIdOf(`https://evil.example/document/d/${DOC}/edit`)).toBeUndefined();
    expect(isMicrosoftDocument(SHAREPOINT) && isMicrosoftDocument(ONEDRIVE)).toBe(true);
    expect(isMicrosoftDocument('https://acme.sharepoint.com.evil.example/x')).toBe(false);
    // Graph's sharing id: u! and the URL in unpadded base64url.
    expect(sharingIdOf('https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1')).toBe(
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx',
    );
  });
});

describe("Google Workspace: Drive's views from the Reports API", () => {
  it('imports each whole day exactly, per UTC day, beside the tracked reads and never added to them', async () => {
    const first = await importGoogle(deps.store, google, NOW);
    // 30 days for each of the two write-ups on Google; one call a file (a page holds 1,000 events).
    expect(first).toMatchObject({ writeups: 2, days: 60, left: 0, problems: [] });
    const from = addDays(TODAY, -30);
    const { reads } = await report(app, 'in-a-doc', `?from=${from}&to=${TODAY}`);
    expect(reads.views).toBe(0);
    const expected = Array.from({ length: 30 }, (_, i) => addDays(from, i)).map((day) => ({ date: day, ...docDay(day) }));
    expect(reads.platform.google.byDay).toEqual(expected);
    expect(reads.platform.google.views).toBe(expected.reduce((n, d) => n + d.views, 0));
    // On even days ana read twice and bo once (his other view was caused by another event): 3 views, 2 viewers.
    expect(reads.platform.google.byDay.find((d: { date: string }) => d.date === addDays(TODAY, -2))).toEqual({
      date: addDays(TODAY, -2),
      views: 3,
      viewers: 2,
    });
    expect(reads.platform.google).toMatchObject({ counts: expect.stringContaining('distinct viewers'), clock: 'UTC days' });
    const copy = (await report(app, 'sheet-copy', `?from=${from}&to=${TODAY}`)).reads.platform.google;
    expect(copy.views).toBe(10);
    expect((await report(app, 'elsewhere')).reads.platform).toBeUndefined();
  });

  it('pages through a busy day, 1,000 events a page, and counts an edition without view events as none', async () => {
    const BUSY = '1BusyDocReadByThreePeopleAThousandTimes00000';
    const day = addDays(TODAY, -5);
    for (let i = 0; i < 1_234; i++)
      apis.views.push({ docId: BUSY, time: `${day}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`, profileId: `p${i % 3}` });
    await createWriteup(app, 'busy-doc', { url: `https://docs.google.com/document/d/${BUSY}/edit` });
    // An edition without Drive's view events answers none, as Google documents an empty report: zeros, not an error.
    await createWriteup(app, 'quiet-doc', { url: 'https://docs.google.com/document/d/1NoViewEventsInThisEdition0000000000000000/edit' });
    const before = apis.requests.length;
    // 30 days each for the two new ones, and the last three again for the two imported before.
    expect(await importGoogle(deps.store, google, NOW)).toMatchObject({ writeups: 4, days: 66, problems: [] });
    // Two pages for the busy file, one for each of the three others.
    expect(apis.requests.slice(before).filter((r) => r.path.endsWith('/drive')).length).toBe(5);
    const busy = (await report(app, 'busy-doc', `?from=${day}&to=${day}`)).reads.platform.google;
    expect(busy.byDay).toEqual([{ date: day, views: 1_234, viewers: 3 }]);
    const quiet = (await report(app, 'quiet-doc', `?from=${addDays(TODAY, -30)}&to=${TODAY}`)).reads.platform.google;
    expect(quiet).toMatchObject({ views: 0, viewers: 0 });
    expect(quiet.byDay).toHaveLength(30);
  });

  it('reads the last days again, so a view Google logs late is counted once, on its day', async () => {
    const yesterday = addDays(TODAY, -1);
    const before = docDay(yesterday);
    apis.views.push({ docId: DOC, time: `${yesterday}T22:00:00.000Z`, profileId: 'late-reader' });
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    for (let run = 0; run < 2; run++) {
      const next = await importGoogle(deps.store, google, tomorrow);
      expect(next.problems).toEqual([]);
    }
    const { reads } = await report(app, 'in-a-doc', `?from=${addDays(TODAY, -3)}&to=${TODAY}`);
    expect(reads.platform.google.byDay.find((d: { date: string }) => d.date === yesterday)).toEqual({
      date: yesterday,
      views: before.views + 1,
      viewers: before.viewers + 1,
    });
    // Today became a whole day: imported, once, whatever the second run did.
    expect(reads.platform.google.byDay.at(-1)).toEqual({ date: TODAY, views: 1, viewers: 1 });
  });

  it('waits out a 429 storm as Google asks, and says a refused delegation once until it is solved by hand', async () => {
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    for (let i = 0; i < 3; i++)
      apis.faults.push({
        service: 'google',
        status: 429,
        headers: { 'retry-after': '1' },
        body: JSON.stringify({ error: { code: 429, message: "Quota exceeded for quota metric 'Queries'", status: 'RESOURCE_EXHAUSTED' } }),
      });
    const started = Date.now();
    const stormy = await importGoogle(deps.store, google, later);
    expect(stormy.problems).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);

    apis.refusals.google = 'unauthorized_client';
    const muchLater = new Date(NOW.getTime() + 5 * 86_400_000);
    const refused = await importGoogle(deps.store, { ...google, serviceAccountKey: key.json }, muchLater);
    expect(refused.problems).toEqual([expect.stringMatching(/^Stopped: Google refused the service account \(unauthorized_client\): Client is unauthorized/)]);
    const daily = await importGoogle(deps.store, google, muchLater);
    expect(daily.problems).toEqual([expect.stringMatching(/^Not imported: Google refused the service account.*npx learning-signals import google/)]);
    expect(daily.calls).toBe(0);
    const cookie = await loginCookie(deps);
    expect(await (await app.request('/', { headers: { cookie } })).text()).toContain(
      'Google Workspace&#39;s views are not imported: Google refused the service account',
    );
    apis.refusals.google = 'no-privilege';
    clock = new Date(NOW.getTime() + 6 * 86_400_000);
    const byHand = await app.request('/api/import/google', { method: 'POST', headers: adminHeaders });
    expect(byHand.status).toBe(200);
    expect((await byHand.json()).problems).toEqual([expect.stringContaining('not authorized to read activity records')]);
    apis.refusals.google = undefined;
    const solved = await (await app.request('/api/import/google', { method: 'POST', headers: adminHeaders })).json();
    expect(solved).toMatchObject({ writeups: 4, problems: [] });
    expect(solved.days).toBeGreaterThan(0);
  });
});

describe("the digest's long tail", () => {
  it("names a write-up read 90+ days after publication where it lives, with that place's own views, though the tracker saw none", async () => {
    const OLD = '1OldPostmortemReadLongAfter0000000000000000';
    for (let n = 1; n <= 14; n++) apis.views.push({ docId: OLD, time: at(n, 11), profileId: `reader-${n % 3}` });
    await createWriteup(app, 'old-doc', { url: `https://docs.google.com/document/d/${OLD}/edit`, publishedAt: addDays(TODAY, -200) });
    clock = NOW;
    expect((await importGoogle(deps.store, google, NOW)).problems).toEqual([]);
    const { digest } = await (await app.request('/api/digest', { headers: adminHeaders })).json();
    const inWeek = apis.views.filter((v) => v.docId === OLD && v.time.slice(0, 10) >= digest.week.from && v.time.slice(0, 10) <= digest.week.to).length;
    expect(inWeek).toBeGreaterThan(0);
    expect(digest.longTail).toContainEqual({
      id: 'old-doc',
      title: 'Write-up old-doc',
      publishedAt: addDays(TODAY, -200),
      views: 0,
      elsewhere: { google: inWeek },
    });
    const cookie = await loginCookie(deps);
    const page = await (await app.request('/digest', { headers: { cookie } })).text();
    expect(page).toContain(`, ${inWeek} views on Google Workspace this week)`);
    expect(page).not.toContain(`0 reads, ${inWeek} views`);
  });
});

describe("Microsoft 365: SharePoint's and OneDrive's item activity through Microsoft Graph", () => {
  it('resolves each URL once and imports views and viewers per day, a day without activity as none', async () => {
    const first = await importMicrosoft(deps.store, microsoft, NOW);
    expect(first).toMatchObject({ writeups: 2, days: 60, left: 0, problems: [] });
    const from = addDays(TODAY, -30);
    const { reads } = await report(app, 'in-sharepoint', `?from=${from}&to=${TODAY}`);
    expect(reads.views).toBe(0);
    const days = apis.activity.get('01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K')!;
    const expected = Array.from({ length: 30 }, (_, i) => addDays(from, i)).map((day) => ({ date: day, views: 0, viewers: 0, ...days.get(day) }));
    expect(reads.platform.microsoft.byDay).toEqual(expected);
    // Graph answered ten days a page: the import followed @odata.nextLink.
    expect(apis.requests.filter((r) => r.path.includes('getActivitiesByInterval') && r.path.includes('01BYE5RZ')).length).toBeGreaterThan(1);
    expect((await report(app, 'in-onedrive', `?from=${from}&to=${TODAY}`)).reads.platform.microsoft).toMatchObject({ views: 3, viewers: 1 });
    const resolved = apis.requests.filter((r) => r.path.includes('/shares/')).length;
    await importMicrosoft(deps.store, microsoft, new Date(NOW.getTime() + 86_400_000));
    expect(apis.requests.filter((r) => r.path.includes('/shares/')).length).toBe(resolved);
  });

  it('says what it cannot read: an item the app may not see (the others go on), an expired secret once, a throttle as Graph asks', async () => {
    const later = new Date(NOW.getTime() + 2 * 86_400_000);
    apis.denied.add('01ONEDRIVEITEM0000000000000000000');
    // A storm: three throttled answers in a row, each waited out as Graph asks (Retry-After).
    for (const status of [429, 429, 429])
      apis.faults.push({
        service: 'microsoft',
        status,
        headers: { 'retry-after': '1' },
        body: JSON.stringify({ error: { code: 'activityLimitReached', message: 'The application or user has been throttled.' } }),
      });
    const stormStarted = Date.now();
    const partly = await importMicrosoft(deps.store, microsoft, later);
    expect(Date.now() - stormStarted).toBeGreaterThanOrEqual(2_900);
    expect(partly.problems).toEqual([expect.stringMatching(/^in-onedrive: Microsoft Graph refused the app: Access denied; it keeps what it had/)]);
    expect(partly.days).toBeGreaterThan(0);
    apis.denied.clear();

    apis.refusals.microsoft = 'expired-secret';
    const muchLater = new Date(NOW.getTime() + 4 * 86_400_000);
    const refused = await importMicrosoft(deps.store, { ...microsoft, clientSecret: 'rotated-but-not-here' }, muchLater);
    expect(refused.problems).toEqual([
      expect.stringMatching(/^Stopped: Microsoft refused the app's credentials \(invalid_client\): AADSTS7000222: The provided client secret keys/),
    ]);
    expect((await importMicrosoft(deps.store, microsoft, muchLater)).problems).toEqual([expect.stringMatching(/^Not imported: Microsoft refused/)]);
    // A tenant without SharePoint Online: said once, as the tenant's, not as each write-up's.
    apis.refusals.microsoft = 'no-licence';
    const unlicensed = await app.request('/api/import/microsoft', { method: 'POST', headers: adminHeaders });
    expect((await unlicensed.json()).problems).toEqual(['Stopped: Microsoft Graph answered 400: Tenant does not have a SPO license..']);
    apis.refusals.microsoft = undefined;
    clock = new Date(NOW.getTime() + 7 * 86_400_000);
    const byHand = await (await app.request('/api/import/microsoft', { method: 'POST', headers: adminHeaders })).json();
    expect(byHand).toMatchObject({ writeups: 2, problems: [] });
  });
});

describe('one readership picture', () => {
  it("shows each place's reads on the write-up's page, each said with what it counts, and none summed", async () => {
    clock = NOW;
    const cookie = await loginCookie(deps);
    const page = await (await app.request(`/writeups/in-a-doc?from=${addDays(TODAY, -30)}&to=${TODAY}`, { headers: { cookie } })).text();
    expect(page).toContain('Where it lives, by their own counts');
    expect(page).toMatch(/On Google Workspace: \d+ views and \d+ viewers \(summed by day\) in this range\. It counts views in Drive&#39;s audit log/);
    expect(page).toContain('Views on Google Workspace by day');
    expect(page).not.toContain('On Microsoft 365');
    const unset = localApp(await testDeps({ store: deps.store }), NO_LIMITS);
    const notHere = await unset.request('/api/import/microsoft', { method: 'POST', headers: adminHeaders });
    expect(notHere.status).toBe(404);
    expect((await notHere.json()).error.message).toContain('MS_TENANT_ID, MS_CLIENT_ID and MS_CLIENT_SECRET');
  });
});
