// The n8n package's generic host layer (js/n8n-nodes-sparkbot-whatsapp/src/host,
// built to dist/host by its build), and loading a transpiled component behind it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../../n8n-nodes-sparkbot-whatsapp/dist/host/index.js', import.meta.url);
if (!existsSync(fileURLToPath(dist))) {
  throw new Error('no built host layer in js/n8n-nodes-sparkbot-whatsapp/dist/host; run `node js/n8n-nodes-sparkbot-whatsapp/build.mjs` (or js/run-tests.sh node)');
}
export const host = (await import(dist.href)).default;

/**
 * Loads the transpiled component at `entry` behind the host layer: the gate
 * on its wasi:http goes in first, then the component. Every call the
 * component receives is recorded in `received` (what crossed into the guest),
 * so a test can prove what the node got.
 */
export async function loadHosted(entry, options = {}) {
  if (!existsSync(fileURLToPath(entry))) throw new Error(`no transpiled component at ${fileURLToPath(entry)}`);
  const gate = await host.gateForComponent(entry.href);
  const { node: raw } = await import(entry.href);
  const received = [];
  const spied = {
    describe: () => raw.describe(),
    loadOptions(method, credentials, parameters) {
      received.push({ op: 'loadOptions', method, credentials, parameters });
      return raw.loadOptions(method, credentials, parameters);
    },
    listSearch(method, credentials, parameters, filter, paginationToken) {
      received.push({ op: 'listSearch', method, credentials, parameters, filter, paginationToken });
      return raw.listSearch(method, credentials, parameters, filter, paginationToken);
    },
    execute(credentials, items, settings) {
      received.push({ op: 'execute', credentials, items, settings });
      return raw.execute(credentials, items, settings);
    },
  };
  return { node: new host.NodeHost(spied, gate, options), raw, gate, received };
}

/** Calls `fn`; returns the node-error it threw (NodeFailure), fails if it threw something else or nothing. */
export function nodeErrorOf(fn) {
  try {
    fn();
  } catch (error) {
    if (error instanceof host.NodeFailure) return error.payload;
    throw error;
  }
  throw new Error('expected a node error');
}

/** Everything a call gave back, as one text (files as their bytes, decoded as latin1 so no byte hides). */
export function allText(value) {
  return JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : typeof v === 'bigint' ? String(v) : v));
}
