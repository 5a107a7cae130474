/** What the preview page and the preview server agree on for the `hubspot.fetch` stand-in. */

/** The path the page's `hsFetch` posts to. */
export const FETCH_PROXY_PATH = '/_hubspot/fetch';

/**
 * The proxy's own refusals (a URL outside permittedUrls, the API unreachable) carry this header: HubSpot's fetch
 * rejects in those cases instead of answering, and so does the stand-in.
 */
export const PROXY_ERROR_HEADER = 'x-preview-proxy-error';
