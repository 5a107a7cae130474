/**
 * How the preview runs a UI extension the way HubSpot does: the extension's React tree renders into a remote root
 * (@remote-ui, the library HubSpot's UI-extension SDK is built on), and the host side turns that tree into HTML with
 * the HubSpot look-alikes of hubspot-look.tsx. The extension code is Keyline's own entry, unchanged: what it hands to
 * `hubspot.extend` is called with a context and actions, as in HubSpot.
 */
import { createContext, useEffect, useState, type ReactNode } from 'react';
import { createRemoteRoot, createRoot } from '@remote-ui/react';
import { createController, createRemoteReceiver, RemoteRenderer, type RemoteReceiver } from '@remote-ui/react/host';
import { HUBSPOT_LOOK } from './hubspot-look';

/** What HubSpot hands the function registered with `hubspot.extend`. */
export interface ExtensionApi {
  context: Record<string, unknown>;
  actions: Record<string, (...args: never[]) => unknown>;
}

export type RenderExtension = (api: ExtensionApi) => ReactNode;

/** The API of the extension being rendered, for HubSpot's hooks (useExtensionContext, useExtensionActions). */
export const ExtensionApiContext = createContext<ExtensionApi | null>(null);

export interface MountedExtension {
  receiver: RemoteReceiver;
  unmount(): void;
}

export function mountExtension(render: RenderExtension, api: ExtensionApi): MountedExtension {
  const receiver = createRemoteReceiver();
  const remoteRoot = createRemoteRoot(receiver.receive);
  const reactRoot = createRoot(remoteRoot);
  reactRoot.render(<ExtensionApiContext.Provider value={api}>{render(api)}</ExtensionApiContext.Provider>);
  // mount() resolves once the first render reached the receiver; the host shows whatever has arrived meanwhile.
  void remoteRoot.mount();
  return { receiver, unmount: () => reactRoot.unmount() };
}

function NotInPreview({ name }: { name: string }) {
  return <div className="pv-unmapped" role="note">{`${name}: this HubSpot component has no look-alike in the local preview yet`}</div>;
}

const mapped = new Set<string>(Object.keys(HUBSPOT_LOOK));

export const hubspotLookController = createController(HUBSPOT_LOOK, {
  renderComponent: (props, { renderDefault }) =>
    mapped.has(props.component.type) ? renderDefault() : <NotInPreview key={props.key} name={props.component.type} />,
});

/** The host side of one mounted extension. */
export function RenderedExtension({ mounted }: { mounted: MountedExtension }) {
  return <RemoteRenderer receiver={mounted.receiver} controller={hubspotLookController} />;
}

/** Mounts the extension for as long as this is shown (a new `api` object mounts it afresh, like a new record). */
export function ExtensionFrame({ render, api }: { render: RenderExtension; api: ExtensionApi }) {
  const [mounted, setMounted] = useState<MountedExtension | null>(null);
  useEffect(() => {
    const extension = mountExtension(render, api);
    setMounted(extension);
    return () => extension.unmount();
  }, [render, api]);
  return mounted === null ? null : <RenderedExtension mounted={mounted} />;
}
