// Entry point of the Keyline settings page (see settings-hsmeta.json). The UI is the @keyline/extensions package (extensions/).
import { hubspot } from '@hubspot/ui-extensions';
import { KeylineSettingsPage } from '@keyline/extensions/settings/keyline-settings-page';

hubspot.extend<'settings'>(({ actions }) => <KeylineSettingsPage actions={actions} />);
