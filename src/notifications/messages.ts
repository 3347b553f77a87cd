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
