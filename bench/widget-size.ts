/** Builds the browser bundles and prints the widget's size, raw and gzipped (target: at most 25 KB gzipped). */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../scripts/build-web.js';

await buildWeb();
const bundle = await readFile(new URL('../dist/web/widget.js', import.meta.url));
const gzipped = gzipSync(bundle, { level: 9 }).length;
console.log(`dist/web/widget.js: ${(bundle.length / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped (target <= 25 KB)`);
if (gzipped > 25 * 1024) process.exitCode = 1;
