// Values shared by the OpenAPI examples of every area: one service, one rota, one session.
export const SERVICE = 'org-nottingham-sanctuary';
export const ROTA = '3f6c1d2a-8b9e-4c1f-9a57-0d2e6b7c8a91';
export const SLOT = 'dropin@2026-11-26';
export const AT = '2026-11-20T09:15:00.000Z';
export const MANAGER = 'Jo Bloggs (manager, token 3)';
export const where = { kind: 'drop-in', date: '2026-11-26', localStart: '17:30', localEnd: '00:30', siteName: 'Nottingham Crisis Sanctuary', timeZone: 'Europe/London', ended: false };
export const offerPlace = { slotId: SLOT, roleId: 'crisis-worker' };
