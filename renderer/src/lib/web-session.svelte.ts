/**
 * Whether this page may talk to the browser host: it was opened without the printed address
 * (no token), or the host was restarted and has a new token. The app says so instead of only
 * "no connection", and says what to do.
 */
export type WebSessionStateType = 'ok' | 'no-token' | 'rejected';

class WebSession {
  state = $state<WebSessionStateType>('ok');
}

export const webSession = new WebSession();
