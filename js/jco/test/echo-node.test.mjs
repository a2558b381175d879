// A second workflow:node component (echo_node.wasm, world
// workflow:node/http-node) through the SAME host layer: nothing in the host
// names SparkBot, so a node with another credential type (base URL `url`,
// secret `token` sent as `Authorization: Bearer …`) works as described. The
// echo node GETs {url}{path} with its own forged Authorization header and
// returns what it received: the status, the answer's body, the credential
// data it got, and its deadline. Its peer is a tiny server in a child
// process that answers with the request's headers.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startEchoServer } from './support/echo.mjs';
import { allText, loadHosted, nodeErrorOf } from './support/host.mjs';
import { echoComponentPath } from './support/paths.mjs';

const entry = new URL('../generated-echo/echo_node.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  throw new Error(
    `no transpiled echo test component in ${fileURLToPath(new URL('../generated-echo/', import.meta.url))}: ` +
      `the echo node is not built at ${echoComponentPath()} (set ECHO_NODE_COMPONENT), ` +
      'or `node js/jco/transpile.mjs` has not run since it was',
  );
}

const DEADLINE_MS = 12_345;
const { node, gate, received } = await loadHosted(entry, { deadlineMs: DEADLINE_MS });

// Printable ASCII that JSON escapes (`"`, `\`) and HTML-minded encoders might (`<`, `&`).
const TOKEN = 'tok"en\\<&>-0123456789abcdefghij';
const ESCAPED = JSON.stringify(TOKEN).slice(1, -1);

const item = (path, json = {}, options = undefined, binary = []) => ({
  json: JSON.stringify(json),
  binary,
  parameters: JSON.stringify(options === undefined ? { path } : { path, options }),
});
const file = (key, data, mimeType, fileName, fileExtension) => ({ key, data, mimeType, fileName, fileExtension });
const authorization = (request) => request.headers.filter(([name]) => name.toLowerCase() === 'authorization');

test('describe(): another credential type, read by the host from the description alone', () => {
  const d = node.describe();
  assert.equal(d.name, 'echoNode');
  assert.deepEqual(d.credentials.map((c) => c.name), ['echoApi']);
  const [type] = d.credentialTypes;
  assert.equal(type.name, 'echoApi');
  assert.equal(type.baseUrlField, 'url');
  assert.equal(JSON.parse(type.properties.find((p) => p.name === 'url').default), 'http://127.0.0.1:9/echo');
  assert.deepEqual(type.secrets, [{ field: 'token', placement: { tag: 'header', val: { name: 'Authorization', prefix: 'Bearer ' } } }]);
  assert.equal(JSON.parse(d.properties.find((p) => p.name === 'path').default), '/whoami');
});

describe('the echo node against an echoing server', () => {
  let server;
  let other;
  before(async () => {
    server = await startEchoServer();
    other = await startEchoServer();
  });
  after(async () => {
    await server?.stop();
    await other?.stop();
  });

  test("the server sees the host's Authorization, not the node's; the node never has the token; nothing comes out", async () => {
    const url = `${server.origin}/echo`;
    const from = received.length;
    const out = node.execute(
      { name: 'echoApi', data: { url, token: `  ${TOKEN} `, label: 'my label' } },
      [item('/whoami', { n: 1 }), item('/again', { n: 2 })],
      { continueOnFail: false },
    );
    const log = await server.log();
    assert.deepEqual(log.map((r) => [r.method, r.url]), [['GET', '/echo/whoami'], ['GET', '/echo/again']]);
    for (const request of log) assert.deepEqual(authorization(request).map(([, v]) => v), [`Bearer ${TOKEN}`], 'exactly one Authorization: the host\'s');
    assert.equal(out.length, 2);
    for (const [i, o] of out.entries()) {
      assert.equal(o.error, undefined, JSON.stringify(o.error));
      const json = JSON.parse(o.json);
      assert.deepEqual(json.input, { n: i + 1 });
      assert.equal(json.status, 200);
      assert.deepEqual(json.credentialData, { url, label: 'my label' }, 'the node got the credential without its secret');
      assert.equal(Number(json.deadlineMs), DEADLINE_MS, "the node was told the host's deadline");
      // The server echoed the token back inside a JSON text; the host scrubbed it there too.
      const echoed = JSON.parse(json.body);
      assert.deepEqual(authorization(echoed).map(([, v]) => v), ['Bearer [redacted]']);
    }
    const text = allText(out);
    assert.ok(!text.includes(TOKEN), 'the token comes out');
    assert.ok(!text.includes(ESCAPED), 'the token comes out JSON-escaped');
    assert.ok(!text.includes('forged-by-guest'), "the node's own header was not sent");
    const calls = received.slice(from);
    assert.equal(calls.length, 1);
    assert.deepEqual(JSON.parse(calls[0].credentials.data), { url, label: 'my label' });
    assert.ok(!allText(calls).includes(TOKEN) && !allText(calls).includes(ESCAPED));
  });

  test('binary in: the entry options.binaryProperty names reaches the node byte for byte, with its MIME type and file name', () => {
    const credentials = { name: 'echoApi', data: { url: `${server.origin}/echo`, token: TOKEN } };
    // Every byte value, and more than one WIT list chunk's worth of them.
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
    const from = received.length;
    const out = node.execute(
      credentials,
      [
        item('/a', {}, { binaryProperty: 'doc' }, [file('doc', bytes, 'application/pdf', 'report.pdf', 'pdf'), file('other', new Uint8Array([1, 2, 3]), 'text/plain')]),
        item('/b', {}, { binaryProperty: 'missing' }, [file('doc', bytes, 'application/pdf')]),
        item('/c'),
      ],
      { continueOnFail: true },
    );
    assert.equal(out.length, 3);
    const first = JSON.parse(out[0].json);
    assert.deepEqual(first.binary, {
      key: 'doc',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      mimeType: 'application/pdf',
      fileName: 'report.pdf',
      fileExtension: 'pdf',
    });
    assert.deepEqual(first.binaryKeys, ['doc', 'other'], 'this host passes the files it is given');
    assert.equal(out[1].error?.kind, 'invalid-parameter');
    assert.match(out[1].error.message, /no binary entry 'missing'; the host passed doc/);
    assert.deepEqual([JSON.parse(out[2].json).binary, JSON.parse(out[2].json).binaryKeys], [null, []]);
    const [call] = received.slice(from);
    assert.deepEqual(Buffer.from(call.items[0].binary[0].data), Buffer.from(bytes), 'what crossed into the guest');
  });

  test('many outputs per input: options.repeat copies, in input order, each paired to its input; one request per input', async () => {
    const credentials = { name: 'echoApi', data: { url: `${server.origin}/echo`, token: TOKEN } };
    const before = (await server.log()).length;
    const out = node.execute(
      credentials,
      [item('/r0', { n: 0 }, { repeat: 3 }), item('/r1', { n: 1 }), item('/r2', { n: 2 }, { repeat: 51 }), item('/r3', { n: 3 }, { repeat: 2 })],
      { continueOnFail: true },
    );
    assert.deepEqual(out.map((o) => o.pairedItem), [0, 0, 0, 1, 2, 3, 3]);
    assert.deepEqual(out.map((o) => (o.error ? 'error' : JSON.parse(o.json).copy)), [0, 1, 2, 0, 'error', 0, 1]);
    assert.deepEqual(out.filter((o) => !o.error).map((o) => JSON.parse(o.json).input.n), [0, 0, 0, 1, 3, 3]);
    assert.equal(out[4].error.kind, 'invalid-parameter');
    assert.match(out[4].error.message, /Repeat must be a whole number from 1 to 50/);
    assert.equal(out[4].error.itemIndex, 2);
    const log = (await server.log()).slice(before);
    assert.deepEqual(log.map((r) => r.url), ['/echo/r0', '/echo/r1', '/echo/r3'], 'one request per good input item, none for the refused one');
    // Without continue-on-fail, the bad repeat ends the call before any request.
    assert.equal(nodeErrorOf(() => node.execute(credentials, [item('/x'), item('/y', {}, { repeat: 0 })], { continueOnFail: false })).itemIndex, 1);
    assert.equal((await server.log()).length, before + 3);
  });

  test('load-options: the fields the node received are the non-secret ones', () => {
    const options = node.loadOptions('credentialFields', { name: 'echoApi', data: { url: `${server.origin}/echo`, token: TOKEN, label: 'x' } }, '{}');
    assert.deepEqual(options.map((o) => o.name).sort(), ['label', 'url']);
    assert.ok(!allText(options).includes(TOKEN));
  });

  test('list-search: the node gets the method, filter and token, and the credential without its secret', () => {
    const from = received.length;
    const credentials = { name: 'echoApi', data: { url: `${server.origin}/echo`, token: TOKEN, label: 'x' } };
    const page = node.listSearch('credentialFields', credentials, '{"path":"/x"}', 'l', '0');
    assert.deepEqual(page.results.map((r) => r.name).sort(), ['label', 'url'], 'the fields whose name holds the filter; the secret is not one');
    const [call] = received.slice(from);
    assert.deepEqual([call.op, call.method, call.parameters, call.filter, call.paginationToken], ['listSearch', 'credentialFields', '{"path":"/x"}', 'l', '0']);
    assert.ok(!allText(call).includes(TOKEN));
    // Two entries a page: the next page starts where the token says.
    const first = node.listSearch('credentialFields', credentials, '{}');
    assert.equal(first.results.length, 2);
    assert.equal(first.paginationToken, undefined, 'two fields, one page');
    assert.equal(nodeErrorOf(() => node.listSearch('anyMethod', credentials, '{}')).kind, 'invalid-parameter');
    assert.equal(nodeErrorOf(() => node.listSearch('credentialFields', { name: 'echoApi', data: { url: '' } }, '{}')).kind, 'missing-credentials');
  });

  test("an empty url: the node gets the description's default", () => {
    const from = received.length;
    node.loadOptions('credentialFields', { name: 'echoApi', data: { url: '', token: TOKEN } }, '{}');
    assert.deepEqual(JSON.parse(received[from].credentials.data), { url: 'http://127.0.0.1:9/echo' });
  });

  test("a path cannot reach another origin: that server sees nothing", async () => {
    // A path `:<other port>/whoami` after http://127.0.0.1 would name another origin if it were
    // glued to the URL; the SDK sets the authority itself and refuses what is not a path.
    let outcome;
    try {
      outcome = node.execute({ name: 'echoApi', data: { url: 'http://127.0.0.1', token: TOKEN } }, [item(`:${other.port}/whoami`)], { continueOnFail: true });
    } catch (error) {
      outcome = error;
    }
    assert.deepEqual(await other.log(), []);
    assert.ok(gate.events.every((e) => e.origin !== other.origin || e.verdict === 'denied'), 'nothing reached the other origin');
    const failed = outcome instanceof Error || outcome[0].error !== undefined || JSON.parse(outcome[0].json).status !== 200;
    assert.ok(failed, `the node reports a failure: ${allText(outcome)}`);
    assert.ok(!allText(outcome instanceof Error ? { message: outcome.message } : outcome).includes(TOKEN));
  });

  test('a missing token: missing-credentials naming the field, before any request', async () => {
    const before = (await server.log()).length;
    const label = node.describe().credentialTypes[0].properties.find((p) => p.name === 'token').displayName;
    const error = nodeErrorOf(() => node.execute({ name: 'echoApi', data: { url: `${server.origin}/echo` } }, [item('/whoami')], { continueOnFail: false }));
    assert.equal(error.kind, 'missing-credentials');
    assert.ok(error.message.includes(label), error.message);
    assert.equal((await server.log()).length, before);
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
function lanAddress() {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

test('the token never travels in clear to a host that is not loopback: the request is refused', async (t) => {
  const address = lanAddress();
  if (!address) {
    t.skip('this machine has no non-loopback IPv4 address to serve on');
    return;
  }
  const lan = await startEchoServer(address);
  try {
    let outcome;
    try {
      outcome = node.execute({ name: 'echoApi', data: { url: `${lan.origin}/echo`, token: TOKEN } }, [item('/whoami')], { continueOnFail: true });
    } catch (error) {
      outcome = error;
    }
    assert.deepEqual(await lan.log(), [], 'the server saw a request');
    // The SDK refuses an http:// Base URL off loopback before any request;
    // a node that tried anyway would meet the host's gate (host-policy tests).
    assert.ok(gate.events.every((e) => e.verdict === 'denied'), 'no request was let through');
    assert.ok(outcome instanceof Error || outcome[0].error !== undefined || JSON.parse(outcome[0].json).status !== 200);
  } finally {
    await lan.stop();
  }
});
