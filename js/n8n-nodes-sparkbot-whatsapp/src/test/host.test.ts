// The generic host layer on its own: credential models and prepare(), the
// redactor, the HTTP gate (on preview2-shim's real request objects, with the
// sending replaced), failed-item rendering. No component, no network.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CredentialType, NodeDescription, OutputItem, Property } from '../component';
import {
	CredentialModelError,
	CredentialModels,
	credentialModel,
	failedItemJson,
	failedItems,
	installHttpGate,
	itemJson,
	Redactor,
	REDACTED,
	type HttpGrant,
	type ShimHttp,
	type ShimRequest,
} from '../host';

function field(name: string, displayName: string, fallback: string, password = false): Property {
	return {
		name, displayName, type: 'string', default: JSON.stringify(fallback), required: false, options: [], noDataExpression: false,
		...(password ? { typeOptions: { password: true, loadOptionsDependsOn: [], multipleValues: false, locatorModes: [] } } : {}),
	};
}

const DEMO: CredentialType = {
	name: 'demoApi',
	displayName: 'Demo API',
	properties: [field('endpoint', 'Endpoint', 'https://api.example.com/v2'), field('secret', 'Secret', ''), field('label', 'Label', '')],
	baseUrlField: 'endpoint',
	secrets: [{ field: 'secret', placement: { tag: 'header', val: { name: 'Authorization', prefix: 'Bearer ' } } }],
};

function describing(...types: CredentialType[]): NodeDescription {
	return {
		name: 'demo', displayName: 'Demo', description: '', version: 1, group: [], defaults: { name: 'Demo' }, inputs: ['main'], outputs: ['main'],
		credentials: types.map((t) => ({ name: t.name, required: true })), credentialTypes: types, properties: [],
		usableAsTool: false, itemBudgetMs: 30_000n, timeBudgets: [],
	};
}

const models = new CredentialModels(describing(DEMO));

test('prepare: the secret stays with the host, the base URL is defaulted, other fields pass', () => {
	const result = models.prepare('demoApi', { secret: '  s3cr3t-value"\\ ', label: 'x', other: 1 });
	assert.ok(result.ok);
	const { guestCredentials, grant, secrets } = result.prepared;
	assert.equal(guestCredentials.name, 'demoApi');
	assert.deepEqual(JSON.parse(guestCredentials.data), { endpoint: 'https://api.example.com/v2', label: 'x', other: 1 });
	assert.deepEqual(grant, { origin: 'https://api.example.com', headers: [['Authorization', 'Bearer s3cr3t-value"\\']], owned: ['authorization'] });
	assert.deepEqual(secrets, ['s3cr3t-value"\\']);
	// JSON text works as well as an object; a blank or null base URL takes the default, a given one is kept as given.
	for (const endpoint of ['', '   ', null]) {
		const r = models.prepare('demoApi', JSON.stringify({ endpoint, secret: 'abcdefgh' }));
		assert.ok(r.ok);
		assert.equal(JSON.parse(r.prepared.guestCredentials.data).endpoint, 'https://api.example.com/v2');
	}
	const given = models.prepare('demoApi', { endpoint: 'http://127.0.0.1:9/x', secret: 'abcdefgh' });
	assert.ok(given.ok);
	assert.equal(JSON.parse(given.prepared.guestCredentials.data).endpoint, 'http://127.0.0.1:9/x');
	assert.equal(given.prepared.grant.origin, 'http://127.0.0.1:9');
	// An administrator list the origin is not in: no network.
	const narrowed = models.prepare('demoApi', { secret: 'abcdefgh' }, ['https://other.example.com']);
	assert.ok(narrowed.ok);
	assert.equal(narrowed.prepared.grant.origin, undefined);
	// A base URL that is not text is left for the node to refuse, with no network.
	const odd = models.prepare('demoApi', { endpoint: 42, secret: 'abcdefgh' });
	assert.ok(odd.ok);
	assert.equal(JSON.parse(odd.prepared.guestCredentials.data).endpoint, 42);
	assert.equal(odd.prepared.grant.origin, undefined);
});

test('prepare: bad secrets are missing-credentials naming the field, never the value', () => {
	const cases: [unknown, RegExp][] = [
		[undefined, /has no Secret/],
		[null, /has no Secret/],
		[42, /Secret .* must be text/],
		['', /Secret .* is empty/],
		['   ', /Secret .* is empty/],
		['two words-here', /spaces, line breaks or control/],
		['line-one\r\nX-Injected: 1', /spaces, line breaks or control/],
		['tab\there-xxxx', /spaces, line breaks or control/],
		['nul\u0000-xxxxxx', /spaces, line breaks or control/],
		['line\u2028sep-xxxx', /spaces, line breaks or control/],
		['kéy-0123456789', /non-ASCII/],
		['key-\u{1F511}-0123456789', /non-ASCII/],
	];
	for (const [value, message] of cases) {
		const r = models.prepare('demoApi', value === undefined ? {} : { secret: value });
		assert.ok(!r.ok, JSON.stringify(value));
		assert.equal(r.error.kind, 'missing-credentials');
		assert.match(r.error.message, message);
		assert.match(r.error.message, /Demo API/);
		if (typeof value === 'string' && value.trim() !== '') assert.ok(!r.error.message.includes(value.trim()), r.error.message);
	}
	const unknown = models.prepare('otherApi', {});
	assert.ok(!unknown.ok);
	assert.equal(unknown.error.kind, 'missing-credentials');
	assert.match(unknown.error.message, /'otherApi'.*demoApi/);
	for (const data of ['[]', 'not json', null, 7]) {
		const r = models.prepare('demoApi', data);
		assert.ok(!r.ok);
		assert.match(r.error.message, /must be a JSON object/);
	}
});

test('credential types a host cannot apply are refused at load', () => {
	const bad = (change: Partial<CredentialType>, message: RegExp) =>
		assert.throws(() => credentialModel({ ...DEMO, ...change }), (e: unknown) => e instanceof CredentialModelError && message.test((e as Error).message));
	const header = (name: string, prefix = '') => ({ secrets: [{ field: 'secret', placement: { tag: 'header' as const, val: { name, prefix } } }] });
	bad({ baseUrlField: 'nowhere' }, /base-url-field "nowhere"/);
	bad({ secrets: [{ field: 'nowhere', placement: { tag: 'header', val: { name: 'X-Key', prefix: '' } } }] }, /secret field "nowhere"/);
	bad(header('Bad Header'), /not a header name/);
	bad(header('Host'), /cannot set the "Host" header/);
	bad(header('X-Key', 'Bearer\n'), /printable ASCII/);
	bad({ secrets: [...header('X-Key').secrets, { field: 'label', placement: { tag: 'header', val: { name: 'x-key', prefix: '' } } }] }, /two secrets/);
	bad({ secrets: [{ field: 'endpoint', placement: { tag: 'header', val: { name: 'X-Key', prefix: '' } } }] }, /cannot be secret/);
	assert.equal(credentialModel({ ...DEMO, properties: [field('endpoint', 'Endpoint', ''), field('secret', 'Secret', '')] }).defaultBaseUrl, undefined);
});

const KEY = 'sk_"quote\\back\\slash<&>_0123456789';

test('redaction walks values: JSON escapes cannot hide a secret', () => {
	const r = new Redactor([KEY]);
	const json = JSON.stringify({ echo: `token=${KEY}`, [KEY]: [KEY, 1, null, { deep: KEY }], __proto__x: 1 });
	assert.ok(!json.includes(KEY), 'JSON escapes the quote');
	const out = r.jsonText(json);
	const back = JSON.parse(out);
	assert.equal(back.echo, `token=${REDACTED}`);
	assert.deepEqual(back[REDACTED], [REDACTED, 1, null, { deep: REDACTED }]);
	assert.ok(!out.includes('quote'), out);
	// \u escapes of any character decode before the search.
	const escaped = JSON.stringify({ k: KEY }).replace(/q/g, '\\u0071').replace(/</g, '\\u003c');
	assert.ok(!r.jsonText(escaped).includes('quote'));
	// A JSON text inside a string (an API's raw answer passed through) holds the escaped spelling.
	const nested = JSON.stringify({ body: JSON.stringify({ authorization: KEY }) });
	assert.ok(!r.jsonText(nested).includes('quote'), r.jsonText(nested));
	// "__proto__" stays a key, and nothing without a secret is rewritten.
	const proto = `{"__proto__":{"a":"${'x'.repeat(3)}"},"n":12345678901234567890,"s":"${KEY.replace(/["\\]/g, '\\$&')}"}`;
	const scrubbed = JSON.parse(r.jsonText(proto));
	assert.deepEqual(Object.keys(scrubbed), ['__proto__', 'n', 's']);
	assert.equal(scrubbed.s, REDACTED);
	const clean = '{"n": 12345678901234567890, "f": 1.50}';
	assert.equal(r.jsonText(clean), clean, 'unchanged byte for byte');
	assert.equal(r.jsonText(`not json ${KEY}`), `not json ${REDACTED}`);
	// Quoted with backslash escapes (Rust's escape_debug: \\, \", \').
	const apostrophe = new Redactor(["sk_it's_\\\"_0123456789"]);
	assert.equal(apostrophe.text(`said: sk_it\\'s_\\\\\\"_0123456789.`), `said: ${REDACTED}.`);
});

test('redaction of texts, bytes, errors, options, files; short secrets are left', () => {
	const r = new Redactor([KEY, 'short', 'abcdefgh', 'abcdefgh-longer']);
	assert.equal(r.text(`a${KEY}b${KEY}`), `a${REDACTED}b${REDACTED}`);
	assert.equal(r.text('short stays'), 'short stays');
	assert.equal(r.text('x abcdefgh-longer y abcdefgh'), `x ${REDACTED} y ${REDACTED}`);
	const svg = new TextEncoder().encode(`<svg><!-- ${KEY} -->${KEY}</svg>`);
	assert.equal(new TextDecoder().decode(r.bytes(svg)), `<svg><!-- ${REDACTED} -->${REDACTED}</svg>`);
	const plain = new Uint8Array([1, 2, 3]);
	assert.equal(r.bytes(plain), plain);
	assert.deepEqual(r.error({ kind: 'service-error', message: `bad ${KEY}`, description: KEY, httpStatus: 500 }), {
		kind: 'service-error', message: `bad ${REDACTED}`, description: REDACTED, httpStatus: 500,
	});
	assert.deepEqual(r.option({ name: KEY, value: JSON.stringify(KEY), description: KEY }), { name: REDACTED, value: JSON.stringify(REDACTED), description: REDACTED });
	const item: OutputItem = {
		json: JSON.stringify({ a: KEY }), pairedItem: 0,
		binary: [{ key: 'f', data: new TextEncoder().encode(KEY), mimeType: 'text/plain', fileName: `${KEY}.txt` }],
		error: { kind: 'internal', message: KEY },
	};
	const out = r.outputItem(item);
	assert.ok(!JSON.stringify(out, (_k, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v)).includes('quote'));
	assert.equal(new Redactor(['short']).empty, true);
});

test('a failed item is rendered from its error: exactly error, errorKind and what is known', () => {
	assert.deepEqual(failedItemJson({ kind: 'rate-limited', message: 'Wait', httpStatus: 429, retryAfterSeconds: 9, itemIndex: 2 }), {
		error: 'Wait', errorKind: 'rate-limited', httpStatus: 429, retryAfterSeconds: 9,
	});
	assert.deepEqual(failedItemJson({ kind: 'internal', message: 'M', description: 'D' }), { error: 'M', errorKind: 'internal', description: 'D' });
	const items = failedItems(3, { kind: 'missing-credentials', message: 'no key' });
	assert.deepEqual(items.map((i) => [i.pairedItem, i.json, i.error?.itemIndex]), [[0, '{}', 0], [1, '{}', 1], [2, '{}', 2]]);
	assert.deepEqual(itemJson(items[1]), { error: 'no key', errorKind: 'missing-credentials' });
	assert.deepEqual(itemJson({ json: '{"a":1}', binary: [], pairedItem: 0 }), { a: 1 });
});

// --- the gate, on preview2-shim's own request objects ----------------------

interface Shim {
	types: {
		Fields: { fromList(entries: [string, Uint8Array][]): unknown };
		OutgoingRequest: new (fields: unknown) => ShimRequest & { setScheme(s: unknown): void; setAuthority(a: string): void; setPathWithQuery(p: string): void };
	};
}

const GRANT: HttpGrant = { origin: 'http://127.0.0.1:8080', headers: [['Authorization', 'Bearer real-secret-1']], owned: ['authorization'] };
const enc = (s: string) => new TextEncoder().encode(s);

async function gateWithFakeSend() {
	const shim = (await import('@bytecodealliance/preview2-shim/http')) as unknown as Shim;
	const sent: [string, string][][] = [];
	const fake: ShimHttp = {
		outgoingHandler: {
			// What preview2-shim's own handle does with the headers: it reads entries().
			handle: (request) => sent.push(request.headers().entries().map(([k, v]) => [k, new TextDecoder().decode(v)])),
		},
	};
	const request = (scheme: { tag: string }, authority: string, headers: [string, string][]) => {
		const r = new shim.types.OutgoingRequest(shim.types.Fields.fromList(headers.map(([k, v]) => [k, enc(v)])));
		r.setScheme(scheme);
		r.setAuthority(authority);
		r.setPathWithQuery('/x');
		return r;
	};
	return { gate: installHttpGate(fake), fake, sent, request };
}

test("the gate replaces the node's header of the host's name, case-insensitively, and keeps the others", async () => {
	const { gate, fake, sent, request } = await gateWithFakeSend();
	assert.equal(installHttpGate(fake), gate, 'installed once per shim');
	gate.grant(GRANT);
	fake.outgoingHandler.handle(request({ tag: 'HTTP' }, '127.0.0.1:8080', [['authorization', 'Bearer forged'], ['Accept', '*/*'], ['AUTHORIZATION', 'again']]), undefined);
	assert.deepEqual(sent.pop(), [['Accept', '*/*'], ['Authorization', 'Bearer real-secret-1']]);
	assert.deepEqual(gate.events, [{ origin: 'http://127.0.0.1:8080', verdict: 'sent' }]);
});

test('the gate refuses other origins, clear text, and calls without a grant; nothing is sent', async () => {
	const { gate, fake, sent, request } = await gateWithFakeSend();
	const denied = (g: HttpGrant | undefined, scheme: { tag: string }, authority: string, reason: RegExp) => {
		gate.grant(g);
		assert.throws(() => fake.outgoingHandler.handle(request(scheme, authority, []), undefined), (e: unknown) => (e as { tag?: string }).tag === 'HTTP-request-denied');
		assert.match(gate.events.at(-1)?.reason ?? '', reason);
	};
	denied(GRANT, { tag: 'HTTP' }, '127.0.0.1:8081', /origin/);
	denied(GRANT, { tag: 'HTTPS' }, '127.0.0.1:8080', /origin/);
	denied(undefined, { tag: 'HTTP' }, '127.0.0.1:8080', /no network/);
	denied({ ...GRANT, origin: undefined }, { tag: 'HTTP' }, '127.0.0.1:8080', /no network/);
	denied({ ...GRANT, origin: 'http://10.0.0.1' }, { tag: 'HTTP' }, '10.0.0.1', /clear text/);
	assert.equal(sent.length, 0);
	// Without secrets, clear text to another host is the credential's business.
	gate.grant({ origin: 'http://10.0.0.1', headers: [], owned: [] });
	fake.outgoingHandler.handle(request({ tag: 'HTTP' }, '10.0.0.1', [['x', 'y']]), undefined);
	assert.deepEqual(sent, [[['x', 'y']]]);
});

test('the gate fails closed when the header list it edits is not the one sent', async () => {
	const sent: unknown[] = [];
	const shim: ShimHttp = { outgoingHandler: { handle: (r) => sent.push(r) } };
	installHttpGate(shim).grant(GRANT);
	const copying: ShimRequest = {
		scheme: () => ({ tag: 'HTTP' }),
		authority: () => '127.0.0.1:8080',
		headers: () => ({ entries: () => [['Authorization', enc('Bearer forged')]] }),
	};
	assert.throws(() => shim.outgoingHandler.handle(copying, undefined), (e: unknown) => (e as { tag?: string }).tag === 'internal-error');
	assert.equal(sent.length, 0);
});
