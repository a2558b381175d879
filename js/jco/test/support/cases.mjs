// Runs one case of tests/cases/shared.json through the jco-transpiled
// component behind the host layer, with the matching rules the file's
// "about" states. A failed item's JSON is what the host renders from its
// error (host.itemJson), as every host does.
import assert from 'node:assert/strict';
import { allText, credentials, item, received } from './component.mjs';
import { host } from './host.mjs';
import { decodePngQr } from './qr.mjs';

function subset(actual, expected, where) {
  for (const [key, want] of Object.entries(expected)) {
    assert.deepEqual(actual?.[key], want, `${where}.${key}`);
  }
}

async function payloadOf(mock, id) {
  const devices = await mock.admin('GET', '/__mock/devices');
  const device = devices.find((d) => d.id === id);
  assert.ok(device, `the mock has no device ${id}`);
  return device.payload;
}

async function matchJson(mock, actual, expected, where) {
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (want && typeof want === 'object' && '$payloadOf' in want) {
      assert.equal(got, await payloadOf(mock, want.$payloadOf), `${where}.${key} (the issued payload)`);
    } else if (want && typeof want === 'object' && '$startsWith' in want) {
      assert.equal(typeof got, 'string', `${where}.${key} is text`);
      assert.ok(got.startsWith(want.$startsWith), `${where}.${key} starts with ${want.$startsWith}: ${String(got).slice(0, 40)}`);
    } else {
      assert.deepEqual(got, want, `${where}.${key}`);
    }
  }
}

async function matchBinary(mock, actual, expected, where) {
  const byKey = Object.fromEntries(actual.map((entry) => [entry.key, entry]));
  assert.deepEqual(Object.keys(byKey).sort(), Object.keys(expected ?? {}).sort(), `${where}: binary entries`);
  for (const [key, want] of Object.entries(expected ?? {})) {
    const { qrPayloadOf, ...fields } = want;
    subset(byKey[key], fields, `${where}.binary.${key}`);
    if (qrPayloadOf) {
      assert.equal(decodePngQr(byKey[key].data), await payloadOf(mock, qrPayloadOf), `${where}.binary.${key} decodes to the issued payload`);
    }
  }
}

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

export async function runCase(node, mock, c) {
  await mock.admin('POST', '/__mock/reset');
  for (const fault of c.faults ?? []) await mock.admin('POST', '/__mock/faults', fault);
  for (const session of c.sessions ?? []) await mock.admin('POST', '/__mock/session', session);
  const { expect } = c;
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

  if (expect.error) {
    assert.ok(error, `expected error ${JSON.stringify(expect.error)}, got a result`);
    subset(error, expect.error, 'error');
    if (expect.messageContains) assert.ok(error.message.includes(expect.messageContains), `message "${error.message}" holds "${expect.messageContains}"`);
  } else {
    assert.equal(error, undefined, `unexpected error: ${JSON.stringify(error)}`);
  }
  if (expect.propertyNames) assert.deepEqual(result.properties.map((p) => p.name), expect.propertyNames);
  if (expect.options) {
    const options = result.map((o) => {
      const out = { name: o.name, value: JSON.parse(o.value) };
      if (o.description !== undefined) out.description = o.description;
      if (o.action !== undefined) out.action = o.action;
      return out;
    });
    assert.deepEqual(options, expect.options);
  }
  if (expect.items) {
    assert.equal(result.length, expect.items.length, 'number of output items');
    for (const [i, want] of expect.items.entries()) {
      const got = result[i];
      const where = `items[${i}]`;
      if ('pairedItem' in want) assert.equal(got.pairedItem, want.pairedItem, `${where}.pairedItem`);
      if (want.json) await matchJson(mock, host.itemJson(got), want.json, `${where}.json`);
      await matchBinary(mock, got.binary, want.binary, where);
      if (want.error) subset(got.error, want.error, `${where}.error`);
      else assert.equal(got.error, undefined, `${where}: unexpected error ${JSON.stringify(got.error)}`);
    }
  }
  if ('requests' in expect) {
    const requests = await mock.admin('GET', '/__mock/requests');
    assert.equal(requests.length, expect.requests, `API requests recorded: ${JSON.stringify(requests)}`);
  }
}
