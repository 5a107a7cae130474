// Entry point of the Keyline tab card (see keyline-tab-hsmeta.json). The UI is the @keyline/extensions package (extensions/).
import { hubspot } from '@hubspot/ui-extensions';
import { KeylineAccountTab } from '@keyline/extensions/cards/keyline-account-tab';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => <KeylineAccountTab context={context} actions={actions} />);
