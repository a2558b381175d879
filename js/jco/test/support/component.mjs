// The transpiled SparkBot component (run ../../transpile.mjs first), hosted
// by the host layer, and helpers to call it.
import { loadHosted } from './host.mjs';

export { nodeErrorOf, allText } from './host.mjs';

const entry = new URL('../../generated/sparkbot_whatsapp.js', import.meta.url);
/** The hosted node (NodeHost), the raw component export, the gate, and the calls the component received. */
export const { node, raw, gate, received } = await loadHosted(entry);

/** A whole SparkBot credential, key included: the host splits it. */
export function credentials(baseUrl, apiKey) {
  return { name: 'sparkBotApi', data: { baseUrl, apiKey } };
}

export function item(parameters, json = {}) {
  return { json: JSON.stringify(json), binary: [], parameters: JSON.stringify(parameters) };
}
