// The package's WASI (src/host/wasi) driven directly, as jco's glue drives
// it, on a transport that answers at once: what a request becomes, and the
// edges a component can reach (no scheme, a sub-millisecond timeout, a body
// finished with trailers, the end of a stream, header bytes that are not
// ASCII).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWasi, type SyncTransport, type WireRequest, type WireResponse } from '../host/wasi';

type Any = any; // the WASI classes as jco's glue sees them: untyped
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const errOf = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return (e as { payload: unknown }).payload;
	}
	return assert.fail('no error');
};

function world(answer: (r: WireRequest) => WireResponse = () => ({ ok: true, status: 204, headers: [['x-name', 'caf\u00e9']], body: bytes('hi') })) {
	const sent: WireRequest[] = [];
	const answers = new Map<number, WireResponse>();
	const transport: SyncTransport = {
		send: (r) => {
			sent.push(r);
			answers.set(sent.length, answer(r));
			return sent.length;
		},
		take: (id) => answers.get(id),
		forget: (id) => void answers.delete(id),
		wait: () => assert.fail('nothing should wait: every answer is there'),
	};
	const wasi = createWasi(transport);
	const http = wasi.http as { types: Any; outgoingHandler: Any };
	return { sent, types: http.types, handle: http.outgoingHandler.handle as (r: Any, o?: Any) => Any };
}

test('a request with no scheme goes as https; headers keep their bytes both ways; the body ends with closed', () => {
	const { sent, types, handle } = world();
	const request = new types.OutgoingRequest(types.Fields.fromList([['x-name', bytes('caf\u00e9')]]));
	request.setAuthority('api.example.com:8443');
	request.setPathWithQuery('/v1/x?y=1');
	const future = handle(request, undefined);
	assert.deepEqual(sent.map((r) => [r.method, r.url, r.headers]), [['GET', 'https://api.example.com:8443/v1/x?y=1', [['x-name', 'caf\u00e9']]]]);
	const got = future.get();
	assert.equal(got.tag, 'ok');
	const response = got.val.val;
	assert.equal(response.status(), 204);
	assert.deepEqual(response.headers().entries(), [['x-name', bytes('caf\u00e9')]]);
	const stream = response.consume().stream();
	assert.deepEqual(stream.blockingRead(10n), bytes('hi'));
	assert.deepEqual(errOf(() => stream.blockingRead(10n)), { tag: 'closed' });
	assert.deepEqual(future.get(), { tag: 'err', val: undefined }, 'the response is given once');
});

test('a body is sent once finished, with the longest timeout rounded up to whole ms', () => {
	const { sent, types, handle } = world();
	const request = new types.OutgoingRequest(types.Fields.fromList([]));
	request.setScheme({ tag: 'HTTP' });
	request.setAuthority('127.0.0.1:9');
	request.setMethod({ tag: 'post' });
	const body = request.body();
	const options = new types.RequestOptions();
	options.setConnectTimeout(400_000n); // 0.4 ms: still a timeout, not "none"
	handle(request, options);
	assert.equal(sent.length, 0, 'not before the body is finished');
	const out = body.write();
	out.write(bytes('{"a":'));
	out.write(bytes('1}'));
	types.OutgoingBody.finish(body, undefined);
	assert.equal(sent.length, 1);
	assert.equal(sent[0].method, 'POST');
	assert.equal(Buffer.from(sent[0].body!).toString(), '{"a":1}');
	assert.equal(sent[0].timeoutMs, 1);
	assert.deepEqual(errOf(() => out.write(bytes('x'))), { tag: 'closed' });
});

test('a body finished with trailers fails its request instead of leaving it waiting; another scheme is refused', () => {
	const { sent, types, handle } = world();
	const request = new types.OutgoingRequest(types.Fields.fromList([]));
	request.setAuthority('127.0.0.1:9');
	const body = request.body();
	const future = handle(request, undefined);
	assert.equal((errOf(() => types.OutgoingBody.finish(body, types.Fields.fromList([]))) as { tag: string }).tag, 'internal-error');
	const outcome = future.get();
	assert.equal(outcome.tag, 'ok');
	assert.equal(outcome.val.tag, 'err', 'the request failed');
	assert.equal(outcome.val.val.tag, 'internal-error');
	const ftp = new types.OutgoingRequest(types.Fields.fromList([]));
	ftp.setScheme({ tag: 'other', val: 'ftp' });
	ftp.setAuthority('127.0.0.1:9');
	assert.deepEqual(handle(ftp, undefined).get(), { tag: 'ok', val: { tag: 'err', val: { tag: 'HTTP-request-URI-invalid' } } });
	assert.equal(sent.length, 0);
});

test('fields: forbidden and malformed names are refused; a request’s headers are immutable once it is made', () => {
	const { types } = world();
	assert.deepEqual(errOf(() => types.Fields.fromList([['host', bytes('x')]])), { tag: 'forbidden' });
	assert.deepEqual(errOf(() => types.Fields.fromList([['bad name', bytes('x')]])), { tag: 'invalid-syntax' });
	assert.deepEqual(errOf(() => types.Fields.fromList([['x', bytes('a\r\nb: c')]])), { tag: 'invalid-syntax' });
	const fields = types.Fields.fromList([['a', bytes('1')]]);
	new types.OutgoingRequest(fields);
	assert.deepEqual(errOf(() => fields.append('b', bytes('2'))), { tag: 'immutable' });
});
