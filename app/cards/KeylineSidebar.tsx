// Entry point of the Keyline sidebar card (see keyline-sidebar-hsmeta.json). The UI is the @keyline/extensions package (extensions/).
import { hubspot } from '@hubspot/ui-extensions';
import { KeylineAccountSidebar } from '@keyline/extensions/cards/keyline-account-sidebar';

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => (
  <KeylineAccountSidebar context={context} actions={actions} />
));
