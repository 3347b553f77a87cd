// Who is signed in, as the server says (GET /auth/session); the page asks once at load and after
// signing in or out.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { get, post, setCsrfToken } from './api.ts';

export type Role = 'manager' | 'worker' | 'payroll';

export interface SignedIn {
  signedIn: true;
  role: Role;
  name: string;
  serviceId?: string;
  staffId?: string;
  csrfToken: string;
  expiresAt: string;
  via: 'link' | 'token';
}
export type Session = SignedIn | { signedIn: false };

export async function loadSession(): Promise<Session> {
  const session = await get<Session>('/auth/session');
  setCsrfToken(session.signedIn ? session.csrfToken : undefined);
  return session;
}

export async function signOut(): Promise<void> {
  await post('/auth/sign-out');
  setCsrfToken(undefined);
}

export interface SessionState {
  session: Session;
  /** Ask the server again (after signing in or out). */
  refresh: () => Promise<Session>;
}

export const SessionContext = createContext<SessionState>({ session: { signedIn: false }, refresh: loadSession });

export function useSession(): SessionState {
  return useContext(SessionContext);
}

export const ROLE_NAMES: Record<Role, string> = { manager: 'manager', worker: 'staff member', payroll: 'payroll' };
