// Runs one case of tests/cases/shared.json through the jco-transpiled
// component behind the host layer; the matching is js/shared/cases.mjs's.
// A failed item's JSON is what the host renders from its error
// (host.itemJson), as every host does.
import assert from 'node:assert/strict';
import { allText, credentials, item, received } from './component.mjs';
import { host } from './host.mjs';
import { decodePngQr } from './qr.mjs';
import { checkCase, prepareMock } from '../../../shared/cases.mjs';

function callOf(node, mock, c) {
  const creds = credentials(c.credentials?.baseUrl ?? mock.baseUrl, c.credentials?.apiKey ?? mock.apiKey);
  switch (c.call) {
    case 'describe':
      return () => node.describe();
    case 'loadOptions':
      return () => node.loadOptions(c.method, creds, JSON.stringify(c.parameters ?? {}));
    case 'execute':
      return () => node.execute(creds, c.items.map((i) => item(i.parameters, i.json ?? {})), { continueOnFail: c.continueOnFail === true });
    default:
      throw new Error(`case "${c.name}": unknown call ${c.call}`);
  }
}

/** The case's outcome in the shared matcher's shape (js/shared/cases.mjs). */
function outcomeOf(result, error, c) {
  if (error) return { error };
  switch (c.call) {
    case 'describe':
      return { propertyNames: result.properties.map((p) => p.name) };
    case 'loadOptions':
      return {
        options: result.map((o) => {
          const out = { name: o.name, value: JSON.parse(o.value) };
          if (o.description !== undefined) out.description = o.description;
          if (o.action !== undefined) out.action = o.action;
          return out;
        }),
      };
    default:
      return {
        items: result.map((got) => ({
          pairedItem: got.pairedItem,
          json: host.itemJson(got),
          error: got.error,
          binary: Object.fromEntries(got.binary.map((b) => [b.key, { mimeType: b.mimeType, fileName: b.fileName, fileExtension: b.fileExtension, bytes: b.data }])),
        })),
      };
  }
}

export async function runCase(node, mock, c) {
  const view = await prepareMock(mock, c);
  let result;
  let error;
  received.length = 0;
  try {
    result = callOf(node, mock, c)();
  } catch (thrown) {
    if (!(thrown instanceof host.NodeFailure)) throw thrown;
    error = thrown.payload;
  }
  const key = c.credentials?.apiKey ?? mock.apiKey;
  assert.ok(!allText({ result, error }).includes(key), 'the API key appears in the result');
  assert.ok(!allText(received).includes(key), 'the component received the API key');
  await checkCase(c, outcomeOf(result, error, c), { ...view, decodePngQr });
}
