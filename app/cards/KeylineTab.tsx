// Entry point of the Keyline tab card (see keyline-tab-hsmeta.json). The UI lives in extensions/cards/.
import { hubspot } from '@hubspot/ui-extensions';
import { KeylineAccountTab } from '../../extensions/cards/keyline-account-tab';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => <KeylineAccountTab context={context} actions={actions} />);
