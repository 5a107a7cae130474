// Entry point of the Keyline sidebar card (see keyline-sidebar-hsmeta.json). The UI lives in extensions/cards/.
import { hubspot } from '@hubspot/ui-extensions';
import { KeylineAccountSidebar } from '../../extensions/cards/keyline-account-sidebar';

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => (
  <KeylineAccountSidebar context={context} actions={actions} />
));
