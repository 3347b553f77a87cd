// The words of each email, in plain English. Pure: data in, subject and text out.

export interface MessageText {
  subject: string;
  text: string;
}

const SIGN_OFF = ['', '--', 'Sent by rota. You get this email because your address is on a rota here.'];

export function signInLinkMessage(input: {
  name: string;
  /** One link per identity the address has (a person on two services' rotas gets two). */
  links: { label: string; url: string }[];
  minutes: number;
}): MessageText {
  const several = input.links.length > 1;
  return {
    subject: 'Your sign-in link for rota',
    text: [
      `Hello ${input.name},`,
      '',
      several ? 'Someone (we hope you) asked to sign in to rota. Choose where to sign in:' : 'Someone (we hope you) asked to sign in to rota. Open this link to sign in:',
      '',
      ...input.links.flatMap((l) => (several ? [`${l.label}:`, l.url, ''] : [l.url, ''])),
      `The link works once, within ${input.minutes} minutes. If you did not ask for it, ignore this email: nobody can sign in without the link.`,
      ...SIGN_OFF,
    ].join('\n'),
  };
}

/** Replaced by the app's public address when a message is sent or shown (hooks deep in the services do not know it). */
export const APP_URL = '{app-url}';

export function withAppUrl(text: string, publicUrl: string): string {
  return text.split(APP_URL).join(publicUrl.replace(/\/+$/, ''));
}

export interface SessionLine {
  /** e.g. "Sat 28 Nov wellbeing 10:00-13:00 at Gravesend Library" */
  label: string;
  siteName: string | null;
  roleId: string;
  paidMinutes: number;
  payPence: number | null;
}

export function hoursText(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export function poundsText(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}

function sessionLine(s: SessionLine): string {
  const where = s.siteName && !s.label.includes(s.siteName) ? ` at ${s.siteName}` : '';
  const pay = s.payPence !== null ? `, pay ${poundsText(s.payPence)}` : '';
  return `- ${s.label}${where} (${s.roleId}): paid hours ${hoursText(s.paidMinutes)}${pay}`;
}

export function offerMessage(input: { name: string; serviceName: string; sessions: SessionLine[]; answerBy: string }): MessageText {
  const one = input.sessions.length === 1;
  return {
    subject: one ? `Offer: ${input.sessions[0].label}` : `Offer: ${input.sessions.length} sessions from ${input.sessions[0].label}`,
    text: [
      `Hello ${input.name},`,
      '',
      one ? `You are offered a session at ${input.serviceName}:` : `You are offered these ${input.sessions.length} sessions at ${input.serviceName}, together (accept or decline them all):`,
      '',
      ...input.sessions.map(sessionLine),
      '',
      `Nothing is yours until you accept. Please accept or decline by ${input.answerBy}:`,
      `${APP_URL}/my/offers`,
      ...SIGN_OFF,
    ].join('\n'),
  };
}

export function offerExpiringMessage(input: { name: string; serviceName: string; sessions: SessionLine[]; answerBy: string }): MessageText {
  return {
    subject: `Reminder: offer closes ${input.answerBy}`,
    text: [
      `Hello ${input.name},`,
      '',
      `Your offer from ${input.serviceName} closes at ${input.answerBy}. After that it goes to someone else.`,
      '',
      ...input.sessions.map(sessionLine),
      '',
      'Accept or decline here:',
      `${APP_URL}/my/offers`,
      ...SIGN_OFF,
    ].join('\n'),
  };
}

export function rotaPublishedMessage(input: { name: string; serviceName: string; weekLabel: string; sessions: SessionLine[]; changed?: boolean }): MessageText {
  const none = input.sessions.length === 0;
  const intro = !input.changed
    ? `The ${input.serviceName} rota for the week of ${input.weekLabel} is published. Your shifts:`
    : none
      ? `Your shifts on the ${input.serviceName} rota for the week of ${input.weekLabel} have changed: you have no shifts that week now.`
      : `Your shifts on the ${input.serviceName} rota for the week of ${input.weekLabel} have changed. Your shifts now:`;
  return {
    subject: input.changed ? `Your shifts for the week of ${input.weekLabel} have changed` : `Your shifts for the week of ${input.weekLabel}`,
    text: [
      `Hello ${input.name},`,
      '',
      intro,
      ...(none ? [] : ['', ...input.sessions.map(sessionLine)]),
      '',
      'See them any time, or add them to your calendar:',
      `${APP_URL}/my`,
      ...SIGN_OFF,
    ].join('\n'),
  };
}

/** A staff self-service message (a swap, an open session, a request and its answer): the event's words and where to act. */
/** The page where a self-service message is acted on: the managers' requests, or the worker's page for it. */
export function selfServicePath(kind: string, forManagers: boolean): string {
  if (forManagers) return '/manage/requests';
  if (kind.startsWith('swap-')) return '/my/swaps';
  if (kind.startsWith('open-')) return '/my/open';
  if (kind.startsWith('request-')) return '/my/requests';
  return '/my';
}

export function selfServiceMessage(input: { name: string; serviceName: string; subject: string; text: string; forManagers: boolean; kind?: string }): MessageText {
  return {
    subject: input.subject,
    text: [
      `Hello ${input.name},`,
      '',
      `${input.serviceName}: ${input.text}`,
      '',
      input.forManagers ? 'See it and answer here:' : 'See it here:',
      `${APP_URL}${selfServicePath(input.kind ?? '', input.forManagers)}`,
      ...SIGN_OFF,
    ].join('\n'),
  };
}
