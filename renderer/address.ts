/**
 * The headless host is opened with ?token=… once; it answers with an HttpOnly session cookie, so
 * the token has done its work by the time this runs. Remove it from the address bar so it is not
 * shown, bookmarked or caught on a screenshot.
 */
export function scrubTokenFromAddress(location: Location, history: History): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
