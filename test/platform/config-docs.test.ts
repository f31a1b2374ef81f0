import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFile(new URL(`../../${file}`, import.meta.url), 'utf8');

/** The settings src/config.ts reads: the keys of its schema object. */
async function settingNames(): Promise<string[]> {
  const source = await read('src/config.ts');
  const schema = /const configSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1];
  if (!schema) throw new Error('configSchema not found in src/config.ts');
  return [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
}

describe('configuration documentation', () => {
  it('.env.example and the README table list every setting in src/config.ts', async () => {
    const names = await settingNames();
    expect(names).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'ADMIN_TOKEN', 'BOOTSTRAP_API_KEY']));
    const envExample = await read('.env.example');
    const readme = await read('README.md');
    for (const name of names) {
      expect(envExample, `.env.example lacks ${name}`).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, `README.md's configuration table lacks ${name}`).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    }
  });
});
