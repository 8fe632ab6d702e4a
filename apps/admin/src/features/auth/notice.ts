/** Why the user landed on the login page, shown there until they sign in or out again. */
export type SignInNotice = 'expired';

let pending: SignInNotice | null = null;

export function setSignInNotice(notice: SignInNotice) {
  pending = notice;
}

export function peekSignInNotice(): SignInNotice | null {
  return pending;
}

export function clearSignInNotice() {
  pending = null;
}
