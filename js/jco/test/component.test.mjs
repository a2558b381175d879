// The jco-transpiled component in Node.js: describe, getDevices and execute
// against the embedded SparkBot API (host-test mock-api, a separate process).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { credentials, item, node, nodeErrorOf } from './support/component.mjs';
import { startMock } from './support/mock.mjs';
import { decodePngQr } from './support/qr.mjs';

const PENDING = '61b37a069cba0c15d6c81e7c';
const ONLINE = '61b37a069cba0c15d6c81e7b';

test('describe() gives the form and the credential type', () => {
  const d = node.describe();
  assert.equal(d.name, 'sparkBotWhatsApp');
  const device = d.properties.find((p) => p.name === 'device');
  assert.equal(device.type, 'options');
  assert.equal(device.required, true);
  assert.equal(device.typeOptions.loadOptionsMethod, 'getDevices');
  const timeout = d.properties.find((p) => p.name === 'timeout');
  assert.equal(timeout.parent, 'options');
  const [credential] = d.credentialTypes;
  assert.equal(credential.name, 'sparkBotApi');
  assert.equal(credential.properties.find((p) => p.name === 'apiKey').typeOptions.password, true);
});

describe('against the embedded SparkBot API', () => {
  let mock;
  let creds;
  before(async () => {
    mock = await startMock();
    creds = credentials(mock.baseUrl, mock.apiKey);
  });
  after(async () => { await mock?.stop(); });
  beforeEach(async () => { await mock.admin('POST', '/__mock/reset'); });

  test('getDevices lists every device of the account, with its session', async () => {
    const options = node.loadOptions('getDevices', creds, '{}');
    const devices = await mock.admin('GET', '/__mock/devices');
    assert.deepEqual(options.map((o) => JSON.parse(o.value)), devices.map((d) => d.id));
    assert.deepEqual(options.map((o) => o.description), devices.map((d) => `Session: ${d.session}`));
    const requests = await mock.admin('GET', '/__mock/requests');
    assert.deepEqual(requests.map((r) => [r.method, r.tokenMatches]), [['GET', true]]);
    assert.match(requests[0].target, /\/devices$/);
  });

  test('getDevices with a wrong key is an authentication error without the key', () => {
    const wrong = 'sk_wrong_' + 'x'.repeat(24);
    const error = nodeErrorOf(() => node.loadOptions('getDevices', credentials(mock.baseUrl, wrong), '{}'));
    assert.equal(error.kind, 'authentication');
    assert.equal(error.httpStatus, 401);
    assert.ok(!JSON.stringify(error).includes(wrong));
  });

  test('execute: an image scan returns a PNG that decodes to the issued payload', async () => {
    const [out] = node.execute(creds, [item({ device: PENDING, encoding: 'image' })], { continueOnFail: false });
    assert.equal(out.pairedItem, 0);
    assert.equal(out.error, undefined);
    assert.deepEqual(JSON.parse(out.json), { device: PENDING, encoding: 'image', forced: false, mimeType: 'image/png' });
    const [qr] = out.binary;
    assert.equal(qr.key, 'qr');
    assert.equal(qr.fileName, `qr-${PENDING}.png`);
    const payload = (await mock.admin('GET', '/__mock/devices')).find((d) => d.id === PENDING).payload;
    assert.equal(decodePngQr(qr.data), payload);
    const [request] = await mock.admin('GET', '/__mock/requests');
    assert.equal(request.target, `/v1/devices/${PENDING}/scan?force=false&encoding=image`);
    assert.equal(request.tokenMatches, true);
  });

  test('execute: force on an online number issues a new payload; without force it is a session-state error', async () => {
    const error = nodeErrorOf(() => node.execute(creds, [item({ device: ONLINE, encoding: 'uri' })], { continueOnFail: false }));
    assert.equal(error.kind, 'session-state');
    assert.equal(error.itemIndex, 0);
    const before = (await mock.admin('GET', '/__mock/devices')).find((d) => d.id === ONLINE).payload;
    const [out] = node.execute(creds, [item({ device: ONLINE, force: true, encoding: 'uri' })], { continueOnFail: false });
    const json = JSON.parse(out.json);
    assert.equal(json.forced, true);
    assert.notEqual(json.data, before);
    assert.equal(json.data, (await mock.admin('GET', '/__mock/devices')).find((d) => d.id === ONLINE).payload);
  });

  test('an API that echoes the key gets it redacted', async () => {
    await mock.admin('POST', '/__mock/faults', {
      device: PENDING, fault: { kind: 'status', status: 500, message: `bad key ${mock.apiKey}` },
    });
    const error = nodeErrorOf(() => node.execute(creds, [item({ device: PENDING })], { continueOnFail: false }));
    assert.equal(error.kind, 'service-error');
    assert.ok(!JSON.stringify(error).includes(mock.apiKey), JSON.stringify(error));
    assert.match(error.message, /\[redacted\]/);
  });

  test('continue-on-fail: a failed item becomes an error item, in place', () => {
    const out = node.execute(creds, [item({ device: PENDING, encoding: 'uri' }), item({ device: ONLINE }), item({ device: PENDING, encoding: 'svg' })], { continueOnFail: true });
    assert.deepEqual(out.map((o) => o.pairedItem), [0, 1, 2]);
    assert.deepEqual(out.map((o) => o.error?.kind), [undefined, 'session-state', undefined]);
    assert.equal(JSON.parse(out[1].json).errorKind, 'session-state');
    assert.match(new TextDecoder().decode(out[2].binary[0].data), /<svg/);
  });
});
