import { pages } from '../../shared/operation';

// The dashboard's pages, each declared once: who may open it, and, for one
// that changes something, its audit action. The handlers are in the files
// named on each group.

/** Signing in: `auth.tsx`. */
export const authPages = pages({
  loginPage: { method: 'get', path: '/login', access: 'public', summary: 'The login page: SSO, or the admin token' },
  login: { method: 'post', path: '/login', access: 'public', rate: 'login', summary: 'Log in with the admin token' },
  logout: { method: 'post', path: '/logout', access: 'public', summary: 'End the session' },
  signInStart: { method: 'get', path: '/auth/login', access: 'public', rate: 'signIn', summary: 'Start signing in with the identity provider' },
  signInCallback: { method: 'get', path: '/auth/callback', access: 'public', rate: 'signIn', summary: "The provider's answer: a session starts" },
});

/** The organization and one write-up: `routes.tsx`. */
export const overviewPages = pages({
  dashboardScript: { method: 'get', path: '/assets/dashboard.js', access: 'public', summary: 'The one small script: copy buttons, the browser’s time zone' },
  favicon: { method: 'get', path: '/favicon.svg', access: 'public', summary: 'The icon a browser shows beside the page’s title' },
  faviconIco: { method: 'get', path: '/favicon.ico', access: 'public', summary: 'Where browsers look for an icon unasked: a redirect to the SVG one' },
  overviewPage: { method: 'get', path: '/', access: 'viewer', summary: "The organization's signals over time" },
  writeupPage: { method: 'get', path: '/writeups/{id}', access: 'viewer', summary: 'One write-up: reads, links, reviews, participants’ words' },
});

/** Adding, importing and editing write-ups: `writeup-forms.tsx`. */
export const writeupFormPages = pages({
  writeupsPage: { method: 'get', path: '/writeups', access: 'viewer', summary: 'The write-ups, searchable by words and tag' },
  newWriteupPage: { method: 'get', path: '/writeups/new', access: 'facilitator', summary: 'The form to add a write-up' },
  addWriteup: { method: 'post', path: '/writeups', access: 'facilitator', action: 'writeup.create', summary: 'Add a write-up' },
  importPage: { method: 'get', path: '/writeups/import', access: 'facilitator', summary: 'The form to import write-ups from a CSV file' },
  importSample: { method: 'get', path: '/writeups/import/sample.csv', access: 'facilitator', summary: 'A sample CSV file to import, every column filled in' },
  importWriteups: {
    method: 'post',
    path: '/writeups/import',
    access: 'facilitator',
    action: 'writeup.import',
    summary: 'Check, then import, a CSV file of write-ups',
  },
  editWriteupPage: { method: 'get', path: '/writeups/{id}/edit', access: 'facilitator', summary: 'The form to change a write-up' },
  editWriteup: { method: 'post', path: '/writeups/{id}/edit', access: 'facilitator', action: 'writeup.update', summary: 'Change a write-up' },
  addLink: { method: 'post', path: '/writeups/{id}/links', access: 'facilitator', action: 'link.register', summary: 'Add a link to a write-up' },
});

/** Reviews, from scheduling to the room's screen: `review-pages.tsx`. */
export const reviewPages = pages({
  newReviewPage: { method: 'get', path: '/writeups/{id}/reviews/new', access: 'facilitator', summary: 'The form to schedule a review' },
  scheduleReview: { method: 'post', path: '/writeups/{id}/reviews', access: 'facilitator', action: 'review.schedule', summary: 'Schedule a review' },
  reviewPage: { method: 'get', path: '/reviews/{id}', access: 'facilitator', summary: 'A review: its links with QR codes, attendance, single-use links' },
  recordAttendance: {
    method: 'post',
    path: '/reviews/{id}/attendance',
    access: 'facilitator',
    action: 'attendance.record',
    summary: 'Record who came and who shared their view',
  },
  mintSurveyLinks: {
    method: 'post',
    path: '/reviews/{id}/survey-links',
    access: 'facilitator',
    action: 'survey-links.create',
    summary: 'Make single-use survey links',
  },
  reopenCheckin: {
    method: 'post',
    path: '/reviews/{id}/checkin',
    access: 'facilitator',
    action: 'checkin.reopen',
    summary: "Reopen a review's check-in for some hours (0 closes a reopened one)",
  },
  surveyLinksCsv: { method: 'get', path: '/reviews/{id}/survey-links.csv', access: 'facilitator', summary: 'The single-use links, as CSV' },
  reviewInvite: { method: 'get', path: '/reviews/{id}/invite.ics', access: 'facilitator', summary: 'The calendar invite' },
  presentPage: { method: 'get', path: '/reviews/{id}/present', access: 'facilitator', summary: "The check-in for the room's screen" },
});

/** Survey templates: `template-pages.tsx`. */
export const templatePages = pages({
  templatesPage: { method: 'get', path: '/templates', access: 'viewer', summary: 'The survey templates' },
  newTemplatePage: { method: 'get', path: '/templates/new', access: 'facilitator', summary: 'The form for a new survey' },
  saveNewTemplate: { method: 'post', path: '/templates', access: 'facilitator', action: 'template.save', summary: 'Save a new survey' },
  templatePage: { method: 'get', path: '/templates/{id}', access: 'facilitator', summary: 'The form to change a survey (a new version)' },
  saveTemplate: { method: 'post', path: '/templates/{id}', access: 'facilitator', action: 'template.save', summary: 'Save a new version of a survey' },
  copyTemplate: { method: 'post', path: '/templates/{id}/copy', access: 'facilitator', action: 'template.copy', summary: 'Copy a survey as a new one' },
  previewTemplate: { method: 'get', path: '/templates/{id}/preview', access: 'viewer', summary: 'A survey as participants see it' },
  tryTemplate: { method: 'post', path: '/templates/{id}/preview', access: 'viewer', summary: 'Try a survey as participants do (nothing is stored)' },
});

/** Tokens, people and the audit trail: `people-pages.tsx`. */
export const peoplePages = pages({
  tokensPage: { method: 'get', path: '/tokens', access: 'viewer', summary: 'Your personal API tokens' },
  createToken: { method: 'post', path: '/tokens', access: 'viewer', action: 'token.create', summary: 'Make a personal API token, shown once' },
  revokeToken: { method: 'post', path: '/tokens/{id}/revoke', access: 'viewer', action: 'token.revoke', summary: 'Revoke a personal API token' },
  peoplePage: { method: 'get', path: '/people', access: 'admin', summary: 'People and their roles' },
  setRoleByForm: {
    method: 'post',
    path: '/people',
    access: 'admin',
    action: 'person.set-role',
    summary: "Set a person's role (by e-mail, before their first sign-in too)",
  },
  setRole: { method: 'post', path: '/people/{email}', access: 'admin', action: 'person.set-role', summary: "Set a person's role" },
  auditPage: { method: 'get', path: '/audit', access: 'admin', summary: 'Who changed what, and when' },
});

/** The weekly digest: `digest-page.tsx`. */
export const digestPages = pages({
  digestPage: { method: 'get', path: '/digest', access: 'viewer', summary: "The week's digest as it is sent, and what happened to it" },
  sendDigest: { method: 'post', path: '/digest/send', access: 'admin', action: 'digest.send', summary: "Send this week's digest now" },
});
