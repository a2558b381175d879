// The transpiled component (run ./transpile.mjs first) and helpers to call it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../../generated/sparkbot_whatsapp.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  throw new Error('no transpiled component in js/jco/generated; run `node js/jco/transpile.mjs` (or js/run-tests.sh node)');
}
export const { node } = await import(entry.href);

export function credentials(baseUrl, apiKey) {
  return { name: 'sparkBotApi', data: JSON.stringify({ baseUrl, apiKey }) };
}

export function item(parameters, json = {}) {
  return { json: JSON.stringify(json), binary: [], parameters: JSON.stringify(parameters) };
}

/** Calls `fn`; returns the node-error of a ComponentError, fails if it did not throw one. */
export function nodeErrorOf(fn) {
  try {
    fn();
  } catch (error) {
    if (error && typeof error === 'object' && 'payload' in error) return error.payload;
    throw error;
  }
  throw new Error('expected the component to return its error case');
}
