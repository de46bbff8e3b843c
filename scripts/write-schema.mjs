// Writes schema/plates-document.schema.json from the compiled schema object (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { PLATES_DOCUMENT_SCHEMA } from '../lib/output/schema.js';

writeFileSync(new URL('../schema/plates-document.schema.json', import.meta.url), `${JSON.stringify(PLATES_DOCUMENT_SCHEMA, null, 2)}\n`);
