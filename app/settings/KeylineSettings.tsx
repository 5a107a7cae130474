// Entry point of the Keyline settings page (see settings-hsmeta.json). The UI lives in extensions/settings/.
import { hubspot } from '@hubspot/ui-extensions';
import { KeylineSettingsPage } from '../../extensions/settings/keyline-settings-page';

hubspot.extend<'settings'>(({ actions }) => <KeylineSettingsPage actions={actions} />);
