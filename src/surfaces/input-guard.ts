import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../shared/errors.js';

/**
 * What every JSON body, query string and path must respect before any route sees it, checked
 * in one place for all surfaces:
 * - no NUL character (U+0000) in any string or object key: PostgreSQL stores neither in text
 *   nor in jsonb, so it would fail deep in a query instead of as a 400 naming the field;
 * - JSON nested at most MAX_JSON_DEPTH levels (free-form objects such as a channel's settings
 *   or a company's metadata are otherwise walked recursively by validation, hashing and storage);
 * - no `__proto__` key, nor `constructor.prototype` (prototype poisoning), named as such.
 */
export const MAX_JSON_DEPTH = 32;

const NUL_MESSAGE = 'must not contain the NUL character (\\u0000)';

/** `settings` + `a` → `settings.a`; `items` + 0 → `items[0]`. */
function childName(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function checkJson(value: unknown, name: string, depth: number): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw invalid(name || 'body', NUL_MESSAGE);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_JSON_DEPTH) throw invalid(name || 'body', `is nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkJson(item, childName(name, index), depth + 1));
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const field = childName(name, key);
    if (key.includes('\u0000')) throw invalid(name || 'body', `has a field name that ${NUL_MESSAGE}`);
    if (key === '__proto__') throw invalid(field, 'is not accepted as a field name');
    if (key === 'constructor' && inner && typeof inner === 'object' && 'prototype' in inner)
      throw invalid(`${field}.prototype`, 'is not accepted as a field name');
    checkJson(inner, field, depth + 1);
  }
}

/**
 * The deepest nesting of a JSON text, counted before parsing so a body nested thousands deep
 * is refused without building it. Brackets inside strings do not count.
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (inString) {
      if (character === 0x5c) index++;
      else if (character === 0x22) inString = false;
    } else if (character === 0x22) inString = true;
    else if (character === 0x5b || character === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (character === 0x5d || character === 0x7d) depth--;
  }
  return deepest;
}

/** Parses a JSON body and applies the checks above; any failure is a 400 naming the field. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw invalid('body', 'is empty: send a JSON value, or no Content-Type header');
  // The root object is level 1: MAX_JSON_DEPTH levels of objects and arrays in all.
  if (nestingDepth(text) > MAX_JSON_DEPTH + 1) throw invalid('body', `is nested more than ${MAX_JSON_DEPTH} levels deep`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid('body', `is not valid JSON (${(error as Error).message})`);
  }
  checkJson(value, '', 0);
  return value;
}

function checkParameters(values: unknown, describe: (key: string) => string): void {
  if (!values || typeof values !== 'object') return;
  for (const [key, value] of Object.entries(values)) {
    if (key.includes('\u0000')) throw invalid(describe(key.replaceAll('\u0000', '\\u0000')), `has a name that ${NUL_MESSAGE}`);
    for (const item of [value].flat()) if (typeof item === 'string' && item.includes('\u0000')) throw invalid(describe(key), NUL_MESSAGE);
  }
}

/**
 * Installs the JSON parser and the query/path checks on the root instance, before the surfaces
 * are registered: they inherit both, and each formats the 400 in its own error shape. (The
 * inbound webhooks surface replaces the parser for its own routes: it needs the raw bytes.)
 */
export function registerInputGuard(server: FastifyInstance): void {
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as AppError, undefined);
    }
  });
  server.addHook('preValidation', async (request: FastifyRequest) => {
    checkParameters(request.params, (key) => key);
    checkParameters(request.query, (key) => key);
  });
}
