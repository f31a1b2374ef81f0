// Builds the browser code (web/) into dist/web/ with esbuild: run by `npm start` (prestart),
// `npm run build:web`, and the test suite's global setup. Nothing built is committed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each browser bundle: its entry and where it lands under dist/web/ (`inbox/inbox` → dist/web/inbox/inbox.js). */
export const webEntries: Array<{ in: string; out: string }> = [{ in: 'web/inbox/main.tsx', out: 'inbox/inbox' }];

export async function buildWeb(): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: webEntries,
    outdir: path.join(root, 'dist/web'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    legalComments: 'none',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWeb();
  process.stdout.write(`built ${webEntries.map((entry) => `dist/web/${entry.out}.js`).join(', ')}\n`);
}
