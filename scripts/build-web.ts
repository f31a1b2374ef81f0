/**
 * Builds the browser code into dist/web/ (not committed): each entry with esbuild. The apps'
 * API types are the published client's (src/client/openapi-types.ts, written by
 * `npm run openapi`). `npm start` (prestart) and the test setup run it. Add an entry per app.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One bundle per browser app: its entry and the file it becomes under dist/web/. */
export const entries: Array<{ entry: string; outfile: string; format: 'iife' | 'esm' }> = [
  { entry: 'web/widget/main.ts', outfile: 'widget.js', format: 'iife' },
  // The team inbox (Preact); its imported CSS lands beside it as inbox/inbox.css.
  { entry: 'web/inbox/main.tsx', outfile: 'inbox/inbox.js', format: 'esm' },
];

export async function buildWeb(): Promise<void> {
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
