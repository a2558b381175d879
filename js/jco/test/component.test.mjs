// The jco-transpiled component in Node.js behind the generic host layer:
// describe, getDevices and execute against the embedded SparkBot API
// (host-test mock-api, a separate process). The host holds the API key: the
// component receives the credential without it, the host sets the Token
// header on the requests to the credential's origin, and scrubs the key from
// everything that comes back.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { allText, credentials, item, node, nodeErrorOf, received } from './support/component.mjs';
import { startEchoServer } from './support/echo.mjs';
import { host, loadHosted } from './support/host.mjs';
import { startMock } from './support/mock.mjs';
import { decodePngQr } from './support/qr.mjs';

const PENDING = '61b37a069cba0c15d6c81e7c';
const ONLINE = '61b37a069cba0c15d6c81e7b';
const FRESH = '61b37a069cba0c15d6c81e7d';
const TIMEOUT = '61b37a069cba0c15d6c81e7e';

/** The credential data of every call the component received since `from`. */
function receivedData(from = 0) {
  return received.slice(from).map((call) => JSON.parse(call.credentials.data));
}

test('describe() gives the form and the credential type: base URL, secret, header', () => {
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
  assert.equal(credential.baseUrlField, 'baseUrl');
  assert.deepEqual(credential.secrets, [{ field: 'apiKey', placement: { tag: 'header', val: { name: 'Token', prefix: '' } } }]);
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

  test('getDevices: the host sends the key, the component never has it', async () => {
    const from = received.length;
    const options = node.loadOptions('getDevices', creds, '{}');
    const devices = await mock.admin('GET', '/__mock/devices');
    assert.deepEqual(options.map((o) => JSON.parse(o.value)), devices.map((d) => d.id));
    assert.deepEqual(options.map((o) => o.description), devices.map((d) => `Session: ${d.session}`));
    const requests = await mock.admin('GET', '/__mock/requests');
    assert.deepEqual(requests.map((r) => [r.method, r.tokenMatches]), [['GET', true]]);
    assert.match(requests[0].target, /\/devices$/);
    assert.deepEqual(receivedData(from), [{ baseUrl: mock.baseUrl }]);
    assert.ok(!allText(received).includes(mock.apiKey));
  });

  test('getDevices with a wrong key is an authentication error without the key', () => {
    const wrong = 'sk_wrong_' + 'x'.repeat(24);
    const error = nodeErrorOf(() => node.loadOptions('getDevices', credentials(mock.baseUrl, wrong), '{}'));
    assert.equal(error.kind, 'authentication');
    assert.equal(error.httpStatus, 401);
    assert.ok(!JSON.stringify(error).includes(wrong));
  });

  test('execute: an image scan returns a PNG that decodes to the issued payload', async () => {
    const from = received.length;
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
    // The host told the component its deadline.
    assert.equal(received[from].settings.deadlineMs, 60_000n);
    assert.deepEqual(receivedData(from), [{ baseUrl: mock.baseUrl }]);
  });

  test('execute: force on an online number issues a new payload; without force it is a conflict error', async () => {
    const error = nodeErrorOf(() => node.execute(creds, [item({ device: ONLINE, encoding: 'uri' })], { continueOnFail: false }));
    assert.equal(error.kind, 'conflict');
    assert.equal(error.itemIndex, 0);
    const before = (await mock.admin('GET', '/__mock/devices')).find((d) => d.id === ONLINE).payload;
    const [out] = node.execute(creds, [item({ device: ONLINE, force: true, encoding: 'uri' })], { continueOnFail: false });
    const json = JSON.parse(out.json);
    assert.equal(json.forced, true);
    assert.notEqual(json.data, before);
    assert.equal(json.data, (await mock.admin('GET', '/__mock/devices')).find((d) => d.id === ONLINE).payload);
  });

  test('an API that echoes the key in an error message: the host redacts it', async () => {
    await mock.admin('POST', '/__mock/faults', {
      device: PENDING, fault: { kind: 'status', status: 500, message: `bad key ${mock.apiKey}` },
    });
    const error = nodeErrorOf(() => node.execute(creds, [item({ device: PENDING })], { continueOnFail: false }));
    assert.equal(error.kind, 'service-error');
    assert.ok(!JSON.stringify(error).includes(mock.apiKey), JSON.stringify(error));
    assert.match(error.message, /\[redacted\]/);
  });

  test('continue-on-fail: a failed item becomes an error item, in place, its JSON rendered from its error', () => {
    const out = node.execute(creds, [item({ device: PENDING, encoding: 'uri' }), item({ device: ONLINE }), item({ device: PENDING, encoding: 'svg' })], { continueOnFail: true });
    assert.deepEqual(out.map((o) => o.pairedItem), [0, 1, 2]);
    assert.deepEqual(out.map((o) => o.error?.kind), [undefined, 'conflict', undefined]);
    assert.equal(out[1].json, '{}', 'the contract: a failed item carries its error once, in `error`');
    const rendered = host.itemJson(out[1]);
    assert.equal(rendered.errorKind, 'conflict');
    assert.equal(rendered.httpStatus, 409);
    assert.equal(rendered.error, out[1].error.message);
    assert.deepEqual(Object.keys(rendered).filter((k) => !['error', 'errorKind', 'description', 'httpStatus', 'retryAfterSeconds'].includes(k)), []);
    assert.match(new TextDecoder().decode(out[2].binary[0].data), /<svg/);
  });

  test('a credential the host refuses: missing-credentials before any request, never echoing the value', async () => {
    for (const apiKey of [undefined, '', '   ', 'two words', 'line\r\nX-Injected: 1', 'kéy-0123456789', 42]) {
      const data = apiKey === undefined ? { baseUrl: mock.baseUrl } : { baseUrl: mock.baseUrl, apiKey };
      const error = nodeErrorOf(() => node.execute({ name: 'sparkBotApi', data }, [item({ device: PENDING })], { continueOnFail: false }));
      assert.equal(error.kind, 'missing-credentials', JSON.stringify(apiKey));
      assert.match(error.message, /API Key/);
      assert.match(error.message, /SparkBot API/);
      if (typeof apiKey === 'string' && apiKey.trim() !== '') assert.ok(!error.message.includes(apiKey.trim()));
    }
    // With continue-on-fail every item says so, naming its item.
    const out = node.execute(credentials(mock.baseUrl, ''), [item({ device: PENDING }), item({ device: FRESH })], { continueOnFail: true });
    assert.deepEqual(out.map((o) => [o.pairedItem, o.json, o.error.kind, o.error.itemIndex]), [[0, '{}', 'missing-credentials', 0], [1, '{}', 'missing-credentials', 1]]);
    // A credential type the node does not describe is named.
    const unknown = nodeErrorOf(() => node.loadOptions('getDevices', { name: 'otherApi', data: { apiKey: mock.apiKey } }, '{}'));
    assert.equal(unknown.kind, 'missing-credentials');
    assert.match(unknown.message, /otherApi/);
    assert.deepEqual(await mock.admin('GET', '/__mock/requests'), []);
  });

  test("an empty Base URL: the component gets the description's default, and no network outside the administrator's list", async () => {
    const narrowed = await loadHosted(new URL('../generated/sparkbot_whatsapp.js', import.meta.url), { allowedOrigins: [mock.origin] });
    const error = nodeErrorOf(() => narrowed.node.execute({ name: 'sparkBotApi', data: { baseUrl: '', apiKey: mock.apiKey } }, [item({ device: PENDING })], { continueOnFail: false }));
    assert.equal(error.kind, 'denied-by-host');
    const [call] = narrowed.received.slice(-1);
    assert.deepEqual(JSON.parse(call.credentials.data), { baseUrl: 'https://api.wassenger.com/v1' });
    assert.deepEqual(narrowed.gate.events, [{ origin: 'https://api.wassenger.com', verdict: 'denied', reason: 'no network granted for this call' }]);
    assert.deepEqual(await mock.admin('GET', '/__mock/requests'), []);
  });
});

// Keys an API may echo back, which JSON escapes (`"`, `\`) or HTML-minded
// encoders might (`<`, `>`, `&`), and a long one. Each runs against its own
// mock (which accepts only that key) whose scans echo the Token header back
// (fault echoToken: in an X-Echo-Token header, a JSON body's `echo` field,
// an SVG comment) and whose error messages carry it.
const HOSTILE_KEYS = [
  'sk_"quoted"_0123456789',
  'sk_back\\slash\\_0123456789',
  'sk_<tag>&amp;_0123456789',
  `sk_"\\<>&'${'x'.repeat(16)}`,
  `sk_${'0123456789abcdef'.repeat(12)}${'Z'.repeat(5)}`, // 200 characters
];

describe('hostile keys echoed by the API never come out', () => {
  for (const key of HOSTILE_KEYS) {
    test(`key ${key.length > 40 ? `of ${key.length} characters` : JSON.stringify(key)}`, async () => {
      assert.ok(key.length >= 8);
      const mock = await startMock(key);
      try {
        const creds = credentials(mock.baseUrl, key);
        const escaped = JSON.stringify(key).slice(1, -1);
        const quoted = key.replace(/[\\'"]/g, '\\$&'); // backslash-escaped, as the component quotes an API's message
        const from = received.length;
        for (const device of [PENDING, FRESH, TIMEOUT]) await mock.admin('POST', '/__mock/faults', { device, fault: { kind: 'echoToken' } });
        await mock.admin('POST', '/__mock/faults', { device: ONLINE, fault: { kind: 'status', status: 503, message: `down for ${key} "${key}"` } });
        const out = node.execute(
          creds,
          [item({ device: PENDING, encoding: 'json' }), item({ device: FRESH, encoding: 'svg' }), item({ device: TIMEOUT, encoding: 'base64' }), item({ device: ONLINE, encoding: 'uri' })],
          { continueOnFail: true },
        );
        // The mock accepted every request: the host sent exactly this key.
        const requests = await mock.admin('GET', '/__mock/requests');
        assert.deepEqual(requests.map((r) => r.tokenMatches), [true, true, true, true]);
        // The API echoed it, and the host scrubbed it everywhere.
        assert.equal(JSON.parse(out[0].json).echo, '[redacted]');
        assert.equal(JSON.parse(out[2].json).echo, '[redacted]');
        assert.match(JSON.parse(out[1].json).data, /<!-- token \[redacted\] -->/);
        assert.match(new TextDecoder().decode(out[1].binary[0].data), /<!-- token \[redacted\] -->/);
        assert.equal(out[3].error.kind, 'service-error');
        assert.match(out[3].error.message, /\[redacted\]/);
        const text = allText(out) + allText(out.map((o) => host.itemJson(o)));
        assert.ok(!text.includes(key), 'the key comes out');
        assert.ok(!text.includes(escaped), 'the key comes out JSON-escaped');
        assert.ok(!text.includes(quoted), 'the key comes out backslash-escaped');
        // And the component never had it.
        assert.ok(!allText(received.slice(from)).includes(key));
        assert.ok(!allText(received.slice(from)).includes(escaped));
        // An error of the whole call (no continue-on-fail) is scrubbed too.
        const error = nodeErrorOf(() => node.execute(creds, [item({ device: ONLINE })], { continueOnFail: false }));
        for (const spelling of [key, escaped, quoted]) assert.ok(!allText(error).includes(spelling), allText(error));
      } finally {
        await mock.stop();
      }
    });
  }

  // The component quotes an API's message whole or not at all (never cut,
  // never escaped), so the host always sees a whole key to scrub.
  test('no part of a long key comes out of a long API message', async () => {
    const key = `sk_${'0123456789abcdef'.repeat(12)}${'Z'.repeat(5)}`;
    const mock = await startMock(key);
    try {
      await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'status', status: 503, message: `${'m'.repeat(250)} ${key}` } });
      const error = nodeErrorOf(() => node.execute(credentials(mock.baseUrl, key), [item({ device: PENDING })], { continueOnFail: false }));
      const text = allText(error);
      for (let at = 0; at + 16 <= key.length; at += 8) assert.ok(!text.includes(key.slice(at, at + 16)), `characters ${at}..${at + 16} of the key come out: ${text}`);
    } finally {
      await mock.stop();
    }
  });

  test('a key with a non-ASCII character is refused, not sent', () => {
    const error = nodeErrorOf(() => node.loadOptions('getDevices', credentials('http://127.0.0.1:9/v1', 'sk_line\u2028sep_0123456789'), '{}'));
    assert.equal(error.kind, 'missing-credentials');
  });
});

describe('the key goes only to the credential\'s origin', () => {
  let mock;
  let other;
  before(async () => {
    mock = await startMock();
    other = await startEchoServer();
  });
  after(async () => {
    await mock?.stop();
    await other?.stop();
  });

  test('a redirect to another server is not followed: that server sees nothing', async () => {
    await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'redirect', location: `${other.origin}/steal` } });
    const [out] = node.execute(credentials(mock.baseUrl, mock.apiKey), [item({ device: PENDING })], { continueOnFail: true });
    assert.equal(out.error.kind, 'service-error');
    assert.deepEqual(await other.log(), []);
  });

  test("a credential whose Base URL is the other server's: that server gets the key, the API nothing", async () => {
    await mock.admin('POST', '/__mock/reset');
    // The same call, only the Base URL changed: the key follows the credential, not the node.
    const out = node.execute(credentials(`${other.origin}/v1`, mock.apiKey), [item({ device: PENDING, encoding: 'uri' })], { continueOnFail: true });
    assert.equal(out.length, 1);
    const [request] = await other.log();
    assert.deepEqual(request.headers.filter(([name]) => name.toLowerCase() === 'token'), [['Token', mock.apiKey]]);
    assert.deepEqual(await mock.admin('GET', '/__mock/requests'), []);
  });
});
