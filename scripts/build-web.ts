/**
 * Builds the browser code into dist/web/ (not committed): first the published client's API
 * types from the committed docs/openapi.json (src/client/openapi-types.ts, not committed),
 * which the apps use too, then each entry with esbuild. `npm ci` (prepare), `npm start`
 * (prestart) and the test setup run it. Add an entry per app.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { CLIENT_TYPES_FILE, renderClientTypes } from './client-types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One bundle per browser app: its entry and the file it becomes under dist/web/. */
export const entries: Array<{ entry: string; outfile: string; format: 'iife' | 'esm' }> = [
  { entry: 'web/widget/main.ts', outfile: 'widget.js', format: 'iife' },
  // The team inbox (Preact); its imported CSS lands beside it as inbox/inbox.css.
  { entry: 'web/inbox/main.tsx', outfile: 'inbox/inbox.js', format: 'esm' },
];

export async function buildWeb(): Promise<void> {
  await writeFile(CLIENT_TYPES_FILE, await renderClientTypes());
  for (const { entry, outfile, format } of entries) {
    await build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, 'dist/web', outfile),
      bundle: true,
      minify: true,
      format,
      target: ['es2020'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb();
  console.log(`built ${entries.map((entry) => `dist/web/${entry.outfile}`).join(', ')}`);
}
