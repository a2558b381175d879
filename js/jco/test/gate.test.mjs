// The host layer's gate on the real preview2-shim, driven through wasi:http's
// JS API by hand (as a guest would through jco): a POST with a JSON body
// goes out with its body intact and the host's header instead of the
// request's own; a request to another origin never leaves.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { startEchoServer } from './support/echo.mjs';
import { host } from './support/host.mjs';

const require = createRequire(import.meta.url);
const shim = await import(pathToFileURL(require.resolve('@bytecodealliance/preview2-shim/http')).href);
const gate = host.installHttpGate(shim);
const { types, outgoingHandler } = shim;
const enc = (s) => new TextEncoder().encode(s);

/** Sends method/path with `headers` and `body` through the (gated) shim; returns status and body text. */
function send(origin, method, path, headers, body) {
  const url = new URL(origin);
  const entries = headers.map(([k, v]) => [k, enc(v)]);
  if (body !== undefined) entries.push(['content-length', enc(String(enc(body).length))]);
  const request = new types.OutgoingRequest(types.Fields.fromList(entries));
  request.setMethod({ tag: method });
  request.setScheme({ tag: url.protocol === 'https:' ? 'HTTPS' : 'HTTP' });
  request.setAuthority(url.host);
  request.setPathWithQuery(path);
  const outgoing = request.body();
  const future = outgoingHandler.handle(request, undefined);
  if (body !== undefined) {
    const stream = outgoing.write();
    stream.blockingWriteAndFlush(enc(body));
    stream[Symbol.dispose]();
  }
  types.OutgoingBody.finish(outgoing, undefined);
  future.subscribe().block();
  const result = future.get();
  assert.equal(result.tag, 'ok');
  assert.equal(result.val.tag, 'ok', JSON.stringify(result.val));
  const response = result.val.val;
  const input = response.consume().stream();
  const chunks = [];
  for (;;) {
    try {
      chunks.push(input.blockingRead(65536n));
    } catch (e) {
      if (e?.payload?.tag === 'closed' || e?.tag === 'closed') break;
      throw e;
    }
  }
  return { status: response.status(), text: Buffer.concat(chunks.map((c) => Buffer.from(c))).toString() };
}

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

const GRANT = () => ({ origin: server.origin, headers: [['X-Api-Key', 'host-secret-123']], owned: ['x-api-key'] });

test('a POST with a JSON body: the body arrives intact, with the host\'s header instead of the request\'s own', async () => {
  gate.grant(GRANT());
  const body = JSON.stringify({ hello: 'world', list: [1, 2, 3], text: 'x'.repeat(5000) });
  const { status, text } = send(server.origin, 'post', '/items?x=1', [['content-type', 'application/json'], ['x-api-key', 'forged'], ['X-API-KEY', 'forged-again']], body);
  gate.revoke();
  assert.equal(status, 200);
  const [seen] = await server.log();
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/items?x=1');
  assert.equal(seen.body, body);
  assert.deepEqual(seen.headers.filter(([k]) => k.toLowerCase() === 'x-api-key'), [['X-Api-Key', 'host-secret-123']]);
  assert.deepEqual(seen.headers.filter(([k]) => k.toLowerCase() === 'content-type'), [['content-type', 'application/json']]);
  assert.equal(JSON.parse(text).body, body);
  assert.deepEqual(gate.events, [{ origin: server.origin, verdict: 'sent' }]);
});

test('another origin, or no grant: refused before anything is sent', async () => {
  for (const grant of [GRANT(), undefined]) {
    gate.grant(grant);
    assert.throws(() => send(other.origin, 'get', '/', [], undefined), (e) => e?.tag === 'HTTP-request-denied' || e?.payload?.tag === 'HTTP-request-denied');
    gate.revoke();
  }
  assert.deepEqual(await other.log(), []);
});
