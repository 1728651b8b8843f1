import fs from 'node:fs';
import path from 'node:path';

/** The server package version, read once from its package.json. */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
