/**
 * The browser host's credential, as the page keeps it. It arrives once in the address
 * (`/?token=…`, printed by `npm run web`), is moved into this tab's session storage and removed
 * from the address bar and the history, so it is neither bookmarked nor shown nor sent anywhere
 * but to this host's WebSocket. No cookie: browsers send cookies to every port of 127.0.0.1.
 */
const KEY = 'starface-triage.token';

export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    try {
      sessionStorage.setItem(KEY, fromUrl);
    } catch {
      // Storage disabled: the token lives in memory only; a reload needs the printed address again.
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
