// Entry point of the Keyline app page (see pages-hsmeta.json). The UI is the @keyline/extensions package (extensions/).
import { hubspot } from '@hubspot/ui-extensions';
import { KeylinePortfolioPages } from '@keyline/extensions/pages/keyline-portfolio-pages';

hubspot.extend<'pages'>(({ context, actions }) => <KeylinePortfolioPages context={context} actions={actions} />);
