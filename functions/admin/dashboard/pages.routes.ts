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

/** Correcting mistakes: editing, cancelling and removing, each with a confirmation where it removes something: `corrections.tsx`. */
export const correctionPages = pages({
  editReviewPage: { method: 'get', path: '/reviews/{id}/edit', access: 'facilitator', summary: 'The form to reschedule or edit a review' },
  editReview: { method: 'post', path: '/reviews/{id}/edit', access: 'facilitator', action: 'review.edit', summary: 'Reschedule or edit a review' },
  mailInvitation: {
    method: 'post',
    path: '/reviews/{id}/invite',
    access: 'facilitator',
    action: 'review.invite',
    summary: 'Mail the calendar invitation to the invitees with an address',
  },
  cancelReview: { method: 'post', path: '/reviews/{id}/cancel', access: 'facilitator', action: 'review.cancel', summary: 'Cancel a review' },
  removeAttendee: {
    method: 'post',
    path: '/reviews/{id}/attendees/remove',
    access: 'facilitator',
    action: 'attendance.remove',
    summary: 'Remove a mistaken attendance record',
  },
  mergeAttendees: {
    method: 'post',
    path: '/reviews/{id}/attendees/merge',
    access: 'facilitator',
    action: 'attendance.merge',
    summary: 'Make two attendance records that are one person one',
  },
  removeLink: { method: 'post', path: '/writeups/{id}/links/remove', access: 'facilitator', action: 'link.remove', summary: 'Remove a link from a write-up' },
  archiveWriteup: { method: 'post', path: '/writeups/{id}/archive', access: 'facilitator', action: 'writeup.archive', summary: 'Archive a write-up' },
  restoreWriteup: {
    method: 'post',
    path: '/writeups/{id}/restore',
    access: 'facilitator',
    action: 'writeup.restore',
    summary: 'Bring an archived write-up back',
  },
  deleteWriteup: {
    method: 'post',
    path: '/writeups/{id}/delete',
    access: 'admin',
    action: 'writeup.delete',
    summary: 'Delete a write-up and every fact about it',
  },
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
