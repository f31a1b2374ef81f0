/**
 * Builds the browser code into dist/web/ (not committed): first the API types from the
 * committed docs/openapi.json (openapi-typescript → web/generated/, not committed), then each
 * entry with esbuild. `npm start` (prestart) and the test setup run it. Add an entry per app.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import openapiTS, { astToString } from 'openapi-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One bundle per browser app: its entry and the file it becomes under dist/web/. */
export const entries: Array<{ entry: string; outfile: string; format: 'iife' | 'esm' }> = [
  { entry: 'web/widget/main.ts', outfile: 'widget.js', format: 'iife' },
];

export async function buildWeb(): Promise<void> {
  const document = new URL(`file://${path.join(root, 'docs/openapi.json')}`);
  await mkdir(path.join(root, 'web/generated'), { recursive: true });
  await writeFile(path.join(root, 'web/generated/openapi.ts'), astToString(await openapiTS(document)));
  for (const { entry, outfile, format } of entries) {
    await build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, 'dist/web', outfile),
      bundle: true,
      minify: true,
      format,
      target: ['es2020'],
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb();
  console.log(`built ${entries.map((entry) => `dist/web/${entry.outfile}`).join(', ')}`);
}
