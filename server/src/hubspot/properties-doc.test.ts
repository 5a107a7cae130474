import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPropertiesDoc } from './render-properties-doc';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'PROPERTIES.md');

describe('docs/PROPERTIES.md', () => {
  it('when the property definitions change, then the generated document matches them', () => {
    const rendered = renderPropertiesDoc();
    if (process.env['UPDATE_DOCS'] === '1' || !existsSync(DOC)) writeFileSync(DOC, rendered);
    expect(readFileSync(DOC, 'utf8')).toBe(rendered);
  });
});
