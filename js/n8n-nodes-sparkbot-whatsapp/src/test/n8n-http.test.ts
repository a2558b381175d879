// The sender in front of n8n's request helper: the host's policy holds
// before n8n sees a request (the credential's origin only, secrets never in
// clear text to a remote host, the credential's header names the node's to
// drop), and n8n's errors reach the node as wasi:http error codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IAdditionalCredentialOptions, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import type { HttpGrant } from '../host/credentials';
import { errorCodeOf, n8nSender } from '../n8n-http';

const GRANT: HttpGrant = { origin: 'http://127.0.0.1:9', headers: [['Token', 'secret-value-123']], owned: ['token'] };
const LIMITS = { requestTimeoutMs: 1_000, bodyCapBytes: 1024 };

function recording(answer: () => Promise<unknown>) {
	const asked: { type: string; options: IHttpRequestOptions; extra?: IAdditionalCredentialOptions }[] = [];
	const fns = {
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions, extra?: IAdditionalCredentialOptions) => {
				asked.push({ type, options, extra });
				return answer();
			},
		},
	};
	return { fns: fns as unknown as IExecuteFunctions, asked };
}

test("only the credential's origin reaches n8n; secrets go in clear text only to loopback", async () => {
	const { fns, asked } = recording(async () => assert.fail('n8n was asked'));
	const send = n8nSender(fns, 'someApi', GRANT, LIMITS);
	for (const url of ['http://127.0.0.1:10/x', 'https://127.0.0.1:9/x', 'http://localhost:9/x', 'http://127.0.0.1:9@evil.example/x']) {
		assert.deepEqual(await send({ method: 'GET', url, headers: [] }), { ok: false, code: { tag: 'HTTP-request-denied' } }, url);
	}
	const remote = n8nSender(fns, 'someApi', { ...GRANT, origin: 'http://api.example.com' }, LIMITS);
	assert.deepEqual(await remote({ method: 'GET', url: 'http://api.example.com/x', headers: [] }), { ok: false, code: { tag: 'HTTP-request-denied' } });
	const none = n8nSender(fns, 'someApi', { origin: undefined, headers: [], owned: [] }, LIMITS);
	assert.deepEqual(await none({ method: 'GET', url: 'http://127.0.0.1:9/x', headers: [] }), { ok: false, code: { tag: 'HTTP-request-denied' } });
	assert.equal(asked.length, 0);
});

test("n8n is asked with the credential type, the node's headers minus the credential's, a stream, no redirects and the bound", async () => {
	const { Readable } = await import('node:stream');
	const { fns, asked } = recording(async () => ({ body: Readable.from([Buffer.from('{"ok":true}')]), headers: { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }, statusCode: 201 }));
	const decrypted = { id: 'c1', name: 'Some API', type: 'someApi', data: { token: 'secret-value-123' } };
	const send = n8nSender(fns, 'someApi', GRANT, LIMITS, decrypted);
	const body = new TextEncoder().encode('{"x":1}');
	const answer = await send({ method: 'POST', url: 'http://127.0.0.1:9/v1/x?y=1', headers: [['TOKEN', 'forged'], ['accept', 'application/json'], ['x-a', '1'], ['x-a', '2']], body, timeoutMs: 500 });
	assert.ok(answer.ok);
	assert.equal(answer.status, 201);
	assert.equal(new TextDecoder().decode(answer.body), '{"ok":true}');
	assert.deepEqual(answer.headers, [['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
	const [{ type, options, extra }] = asked;
	assert.equal(type, 'someApi');
	assert.deepEqual(extra, { credentialsDecrypted: decrypted }, 'the credential n8n gave for the call, not loaded again per request');
	assert.deepEqual({ ...options.headers }, { accept: 'application/json', 'x-a': '1, 2' });
	assert.equal(options.url, 'http://127.0.0.1:9/v1/x?y=1');
	assert.equal(options.method, 'POST');
	assert.deepEqual(options.body, Buffer.from(body));
	assert.equal(options.encoding, 'stream');
	assert.equal(options.disableFollowRedirect, true);
	assert.equal(options.ignoreHttpStatusErrors, true);
	assert.equal(options.timeout, 500, "the node's shorter timeout");
});

test('a body past the cap, declared or streamed, is not read', async () => {
	const { Readable } = await import('node:stream');
	const declared = recording(async () => ({ body: Readable.from([Buffer.alloc(10)]), headers: { 'content-length': '5000' }, statusCode: 200 }));
	assert.deepEqual(await n8nSender(declared.fns, 'someApi', GRANT, LIMITS)({ method: 'GET', url: 'http://127.0.0.1:9/', headers: [] }), {
		ok: false,
		code: { tag: 'HTTP-response-body-size', val: 5000n },
	});
	let pulled = 0;
	const endless = new Readable({
		read() {
			pulled++;
			this.push(Buffer.alloc(512));
		},
	});
	const streamed = recording(async () => ({ body: endless, headers: {}, statusCode: 200 }));
	const answer = await n8nSender(streamed.fns, 'someApi', GRANT, LIMITS)({ method: 'GET', url: 'http://127.0.0.1:9/', headers: [] });
	assert.deepEqual(answer, { ok: false, code: { tag: 'HTTP-response-body-size', val: 1536n } });
	assert.ok(endless.destroyed);
	assert.ok(pulled < 10, `${pulled} chunks pulled`);
});

test("n8n's helper not answering within the bound is a timeout; its errors become error codes", async () => {
	const { fns } = recording(() => new Promise(() => {}));
	const t0 = performance.now();
	const answer = await n8nSender(fns, 'someApi', GRANT, { ...LIMITS, requestTimeoutMs: 200 })({ method: 'GET', url: 'http://127.0.0.1:9/', headers: [] });
	assert.deepEqual(answer, { ok: false, code: { tag: 'HTTP-response-timeout' } });
	assert.ok(performance.now() - t0 < 1_000);
	const wrapped = (code: string) => Object.assign(new Error('wrapped'), { cause: Object.assign(new Error(code), { code }) });
	// A body that trickles in (a chunk every 50 ms, never ending) is cut at the request's bound in all.
	const { Readable } = await import('node:stream');
	const trickle = new Readable({ read() {} });
	const ticker = setInterval(() => trickle.push(Buffer.from('x')), 50);
	try {
		const slow = recording(async () => ({ body: trickle, headers: {}, statusCode: 200 }));
		const t1 = performance.now();
		const cut = await n8nSender(slow.fns, 'someApi', GRANT, { ...LIMITS, requestTimeoutMs: 300 })({ method: 'GET', url: 'http://127.0.0.1:9/', headers: [] });
		assert.deepEqual(cut, { ok: false, code: { tag: 'HTTP-response-timeout' } });
		assert.ok(performance.now() - t1 < 1_000, `${performance.now() - t1} ms`);
		assert.ok(trickle.destroyed);
	} finally {
		clearInterval(ticker);
	}
	assert.deepEqual(errorCodeOf(wrapped('ECONNREFUSED')), { tag: 'connection-refused' });
	assert.deepEqual(errorCodeOf(wrapped('ECONNABORTED')), { tag: 'HTTP-response-timeout' });
	assert.deepEqual(errorCodeOf(wrapped('ENOTFOUND')), { tag: 'DNS-error', val: { rcode: 'ENOTFOUND' } });
	assert.deepEqual(errorCodeOf(wrapped('DEPTH_ZERO_SELF_SIGNED_CERT')), { tag: 'TLS-certificate-error' });
	assert.deepEqual(errorCodeOf(new Error('odd')), { tag: 'internal-error', val: 'odd' });
});
