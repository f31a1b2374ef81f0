import { readFileSync } from 'node:fs';

/** Switchboard's version, from package.json (shown by `switchboard --version`, in the OpenAPI document and at GET /). */
export const version: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
