/**
 * What `keyline demo` prints once everything runs: where to look first (the preview), then the API with a command
 * that works against it, then the HubSpot sandbox with its token and a command that works against it.
 */
import { hubSpotPaths } from '../hubspot/api-version';

export interface DemoGuide {
  previewUrl: string | null;
  apiBaseUrl: string | null;
  operatorToken: string;
  /** The card URL the preview signs for (permittedUrls.fetch), for the signed-endpoint example. */
  cardBaseUrl: string;
  sandbox: { baseUrl: string; token: string; portalId: string };
}

const shell = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function formatDemoGuide(guide: DemoGuide): string {
  const lines: string[] = [];
  if (guide.previewUrl !== null) {
    lines.push(
      'Open the preview: Keyline\'s cards, settings page and app page, in your browser',
      `  ${guide.previewUrl}`,
      '  (pick a company on the left; a local stand-in for HubSpot, not HubSpot itself)',
      '',
    );
  } else {
    lines.push('The preview did not start (see the message above).', '');
  }
  if (guide.apiBaseUrl !== null) {
    lines.push(
      `Keyline API: ${guide.apiBaseUrl}`,
      '  operator endpoints (bearer token):',
      `    curl -H ${shell(`Authorization: Bearer ${guide.operatorToken}`)} ${guide.apiBaseUrl}/api/v1/sync/runs`,
    );
    if (guide.previewUrl !== null) {
      lines.push(
        '  card endpoints (signed like HubSpot signs them, through the preview):',
        `    curl -X POST -H 'content-type: application/json' -d ${shell(JSON.stringify({ url: `${guide.cardBaseUrl}/api/v1/portfolio` }))} ${guide.previewUrl.replace(/\/$/, '')}/_hubspot/fetch`,
      );
    }
    lines.push('');
  } else {
    lines.push('The Keyline API did not start (see the message above).', '');
  }
  lines.push(
    `HubSpot sandbox: ${guide.sandbox.baseUrl} (portal ${guide.sandbox.portalId}, token ${guide.sandbox.token})`,
    `    curl -H ${shell(`Authorization: Bearer ${guide.sandbox.token}`)} '${guide.sandbox.baseUrl}${hubSpotPaths.objects('companies')}?limit=2&properties=name,keyline_tier'`,
    '',
    'Ctrl-C to stop.',
  );
  return lines.join('\n');
}
