// keyhole's version, read once from package.json.
import fs from 'node:fs';
import { distUrl } from '../core/assets.js';

export const VERSION: string = (JSON.parse(fs.readFileSync(distUrl('../package.json'), 'utf8')) as { version: string }).version;
