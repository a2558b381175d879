// The one matcher of tests/cases/shared.json for every JavaScript host: jco
// (js/jco), the n8n node class with n8n faked (js/n8n-nodes-sparkbot-whatsapp)
// and real n8n (js/n8n-e2e). Each host runs a case its own way and hands
// checkCase() what came out in one neutral shape; the rules of the file's
// "about" are applied here only (the Rust host has its own copy, in
// tests/e2e/shared_cases.rs).
//
// outcome = { error?, propertyNames?, options?, items? }
//   error:  { kind, message, httpStatus?, itemIndex?, retryAfterSeconds? } (the call failed)
//   items:  [{ pairedItem: number, json: object, error?: { kind, httpStatus?, itemIndex? },
//              binary: { [key]: { mimeType, fileName, fileExtension, bytes: Uint8Array } } }]
// ctx = { payloadOf(id) → the QR payload the mock issues now, decodePngQr(bytes),
//         requestCount() → the requests since the setup, store() → GET /__mock/store }
//   (prepareMock gives all but decodePngQr)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

/** What an expectation may hold. */
export const EXPECTATIONS = ['error', 'messageContains', 'items', 'options', 'propertyNames', 'requests', 'store'];

/** The cases of `file`, checked against its caseCount. */
export function loadCases(file) {
  if (!existsSync(file)) throw new Error(`the shared case file is missing: ${file}`);
  const { cases, caseCount } = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(cases) || cases.length === 0) throw new Error(`${file} holds no cases`);
  if (cases.length !== caseCount) throw new Error(`${file} holds ${cases.length} cases, its caseCount says ${caseCount}`);
  return cases;
}

/** One request of a case's setup, to the API under its Base URL with its key; it must answer 2xx. */
async function setupRequest(mock, { method, path, body, ...rest }, where) {
  unread(rest, [], where);
  const response = await fetch(`${mock.baseUrl}${path}`, {
    method,
    headers: { token: mock.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${where}: ${method} ${path} answered ${response.status} ${text}`);
}

/**
 * Puts the mock (driven through /__mock/, and its API for the setup) in the
 * case's starting state; returns the case's view of it (ctx, but decodePngQr).
 */
export async function prepareMock(mock, c) {
  await mock.admin('POST', '/__mock/reset');
  for (const fault of c.faults ?? []) await mock.admin('POST', '/__mock/faults', fault);
  for (const session of c.sessions ?? []) await mock.admin('POST', '/__mock/session', session);
  for (const [i, request] of (c.setup ?? []).entries()) await setupRequest(mock, request, `setup[${i}]`);
  // What the call sends is counted from here.
  const before = (await mock.admin('GET', '/__mock/requests')).length;
  return {
    payloadOf: (id) => payloadFrom(mock, id),
    requestCount: async () => (await mock.admin('GET', '/__mock/requests')).length - before,
    store: () => mock.admin('GET', '/__mock/store'),
  };
}

/** The current QR payload of device `id`, from the mock's admin API. */
export async function payloadFrom(mock, id) {
  const device = (await mock.admin('GET', '/__mock/devices')).find((d) => d.id === id);
  assert.ok(device, `the mock has no device ${id}`);
  return device.payload;
}

/** Fails on a key of `object` this matcher has no reading for: nothing is skipped silently. */
export function unread(object, known, where) {
  const unknown = Object.keys(object ?? {}).filter((k) => !known.includes(k));
  assert.deepEqual(unknown, [], `${where}: no reading for ${unknown.join(', ')}`);
}

function subset(actual, expected, where) {
  for (const [key, want] of Object.entries(expected)) assert.deepEqual(actual?.[key], want, `${where}.${key}`);
}

/** `{"$stored": [collection, index, key…]}`: the value the mock holds there after the call. */
async function storedAt(ctx, path, where) {
  assert.ok(Array.isArray(path) && path.length > 0, `${where}: $stored needs [collection, index, key…]`);
  const [collection, ...steps] = path;
  let value = (await ctx.store()).collections[collection] ?? [];
  for (const step of steps) {
    const holds = typeof step === 'number' ? Array.isArray(value) && step < value.length : value !== null && typeof value === 'object' && !Array.isArray(value) && step in value;
    assert.ok(holds, `${where}: $stored ${JSON.stringify(path)}: nothing at ${JSON.stringify(step)}`);
    value = value[step];
  }
  return value;
}

/** `got` holds `want`: objects by subset, matchers by their rule, the rest equal (as the Rust host's `matches`). */
async function matchValue(ctx, got, want, where) {
  if (want && typeof want === 'object' && !Array.isArray(want)) {
    if ('$payloadOf' in want) {
      assert.equal(got, await ctx.payloadOf(want.$payloadOf), `${where} (the issued payload)`);
    } else if ('$stored' in want) {
      assert.deepEqual(got, await storedAt(ctx, want.$stored, where), `${where} (the stored value)`);
    } else if ('$startsWith' in want) {
      assert.equal(typeof got, 'string', `${where} is text`);
      assert.ok(got.startsWith(want.$startsWith), `${where} starts with ${want.$startsWith}: ${String(got).slice(0, 40)}`);
    } else {
      for (const [key, value] of Object.entries(want)) await matchValue(ctx, got?.[key], value, `${where}.${key}`);
    }
  } else {
    assert.deepEqual(got, want, where);
  }
}

async function matchJson(ctx, actual, expected, where) {
  for (const [key, want] of Object.entries(expected)) await matchValue(ctx, actual?.[key], want, `${where}.${key}`);
}

/** `expect.store[collection]`: the mock holds exactly these objects there, in order, each a subset match. */
async function matchStore(ctx, expected) {
  const { collections } = await ctx.store();
  for (const [collection, want] of Object.entries(expected)) {
    assert.ok(Array.isArray(want), `store ${collection}: a list of objects`);
    const got = collections[collection] ?? [];
    assert.equal(got.length, want.length, `store ${collection}: objects held (${JSON.stringify(got).slice(0, 400)})`);
    for (const [i, object] of want.entries()) await matchValue(ctx, got[i], object, `store ${collection}[${i}]`);
  }
}

async function matchBinary(ctx, actual, expected, where) {
  assert.deepEqual(Object.keys(actual ?? {}).sort(), Object.keys(expected ?? {}).sort(), `${where}: binary entries`);
  for (const [key, want] of Object.entries(expected ?? {})) {
    const { qrPayloadOf, utf8, ...fields } = want;
    unread(fields, ['mimeType', 'fileName', 'fileExtension'], `${where}.binary.${key}`);
    subset(actual[key], fields, `${where}.binary.${key}`);
    if (utf8 !== undefined) {
      const bytes = Buffer.from(actual[key].bytes);
      assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(bytes), utf8, `${where}.binary.${key}: its bytes`);
    }
    if (qrPayloadOf) {
      assert.equal(ctx.decodePngQr(actual[key].bytes), await ctx.payloadOf(qrPayloadOf), `${where}.binary.${key} decodes to the issued payload`);
    }
  }
}

/** Checks one case's `outcome` against `expect` (the case's, unless a host reads it its own way). */
export async function checkCase(c, outcome, ctx, expect = c.expect) {
  unread(expect, EXPECTATIONS, 'expect');
  assert.ok(['error', 'items', 'options', 'propertyNames', 'requests', 'store'].some((k) => k in expect), `case "${c.name}" expects nothing`);
  const { error } = outcome;
  if (expect.error) {
    assert.ok(error, `expected error ${JSON.stringify(expect.error)}, got a result`);
    unread(expect.error, ['kind', 'httpStatus', 'itemIndex', 'retryAfterSeconds'], 'error');
    subset(error, expect.error, 'error');
    if (expect.messageContains) assert.ok(error.message?.includes(expect.messageContains), `message "${error.message}" holds "${expect.messageContains}"`);
  } else {
    assert.equal(error, undefined, `unexpected error: ${JSON.stringify(error)}`);
  }
  if (expect.propertyNames) assert.deepEqual(outcome.propertyNames, expect.propertyNames);
  if (expect.options) assert.deepEqual(outcome.options, expect.options);
  if (expect.items) {
    assert.equal(outcome.items?.length, expect.items.length, 'number of output items');
    for (const [i, want] of expect.items.entries()) {
      const got = outcome.items[i];
      const where = `items[${i}]`;
      unread(want, ['pairedItem', 'json', 'binary', 'error'], where);
      if ('pairedItem' in want) assert.equal(got.pairedItem, want.pairedItem, `${where}.pairedItem`);
      if (want.json) await matchJson(ctx, got.json, want.json, `${where}.json`);
      await matchBinary(ctx, got.binary, want.binary, where);
      if (want.error) {
        unread(want.error, ['kind', 'httpStatus', 'itemIndex'], `${where}.error`);
        assert.ok(got.error, `${where}: expected error ${JSON.stringify(want.error)}`);
        subset(got.error, want.error, `${where}.error`);
      } else {
        assert.equal(got.error, undefined, `${where}: unexpected error ${JSON.stringify(got.error)}`);
      }
    }
  }
  if (expect.store) await matchStore(ctx, expect.store);
  if ('requests' in expect && expect.requests !== undefined) {
    assert.equal(await ctx.requestCount(), expect.requests, 'API requests recorded');
  }
}
