// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'data/',
      'coverage/',
      'bench/.data/',
      'src/db/migrations/',
      'docs/openapi.json',
      'dist/',
      'src/client/openapi-types.ts',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Fastify tells hooks, handlers and plugins apart by whether they are async, so an
      // async function without `await` is often the right one.
      '@typescript-eslint/require-await': 'off',
      // Drizzle's builders infer their result from the argument's type: widening a generic
      // table (`table as PgTable`) changes that inference although the rule calls it unnecessary.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `const { id: _id, ...rest } = row` is how a field is dropped.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // fastify-type-provider-zod types validation issues through `fastify/types/schema`, a
    // subpath that does not resolve under NodeNext, so they read as unresolved (any) here.
    files: ['src/surfaces/errors.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // Tests and load scripts read response bodies (`response.json()` is `any`) and assert on
    // them: typing every body would cost more than these rules catch there.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
