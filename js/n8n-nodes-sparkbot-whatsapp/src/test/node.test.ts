// The node class's execute() and getDevices with n8n's functions faked (only
// what the node calls), the component on its worker, the embedded API as a
// separate process.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type ILoadOptionsFunctions, type INode } from 'n8n-workflow';
import { SparkBotApi } from '../credentials/SparkBotApi.credentials';
import { SparkBotWhatsApp } from '../nodes/SparkBotWhatsApp/SparkBotWhatsApp.node';
import { standInRequestHelper, type Sent } from './support/n8n-request';
import { startMock, type Mock } from './support/mock';

const PENDING = '61b37a069cba0c15d6c81e7c';
const ONLINE = '61b37a069cba0c15d6c81e7b';
const FRESH = '61b37a069cba0c15d6c81e7d';
const NODE: INode = { id: '1', name: 'SparkBot WhatsApp', type: 'sparkBotWhatsApp', typeVersion: 1, position: [0, 0], parameters: {} };

function context(creds: { baseUrl: string; apiKey: string }, params: Record<string, unknown>[], continueOnFail: boolean) {
	const binaries: { fileName?: string; mimeType?: string; bytes: number }[] = [];
	const sent: Sent[] = [];
	const fns = {
		getNode: () => NODE,
		getInputData: () => params.map((_, i) => ({ json: { row: i } })),
		continueOnFail: () => continueOnFail,
		getCredentials: async (type: string) => {
			assert.equal(type, 'sparkBotApi');
			return creds;
		},
		getNodeParameter: (name: string, i: number, fallback: unknown) => {
			const value = params[i][name];
			if (value instanceof Error) throw value;
			return value === undefined ? fallback : value;
		},
		getCurrentNodeParameters: () => ({}),
		helpers: {
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => {
				binaries.push({ fileName, mimeType, bytes: data.length });
				return { data: data.toString('base64'), fileName, mimeType: mimeType ?? 'application/octet-stream' };
			},
			httpRequestWithAuthentication: standInRequestHelper(new SparkBotApi().authenticate, async () => creds, sent),
		},
	};
	return { fns: fns as unknown as IExecuteFunctions & ILoadOptionsFunctions, binaries, sent };
}

const node = new SparkBotWhatsApp();

describe('the n8n node against the embedded SparkBot API', () => {
	let mock: Mock;
	before(async () => {
		mock = await startMock();
	});
	after(async () => mock?.stop());
	beforeEach(async () => {
		await mock.admin('POST', '/__mock/reset');
	});

	test('getDevices fills the dropdown', async () => {
		const { fns } = context(mock, [], false);
		const options = await node.methods.loadOptions.getDevices.call(fns);
		assert.equal(options.length, 4);
		assert.deepEqual(options[1], { name: 'Support', value: PENDING, description: 'Session: pending' });
	});

	test('execute: per-item parameters, binary through prepareBinaryData, paired items', async () => {
		const { fns, binaries } = context(mock, [{ device: PENDING, encoding: 'image' }, { device: ` ${PENDING} `, encoding: 'svg' }], false);
		const [out] = await node.execute.call(fns);
		assert.equal(out.length, 2);
		assert.deepEqual(out.map((o) => o.pairedItem), [{ item: 0 }, { item: 1 }]);
		assert.equal(out[0].json.encoding, 'image');
		assert.equal(out[0].binary?.qr.mimeType, 'image/png');
		assert.equal(out[0].binary?.qr.fileExtension, 'png');
		assert.equal(Buffer.from(out[0].binary!.qr.data, 'base64').subarray(1, 4).toString(), 'PNG');
		assert.deepEqual(binaries.map((b) => [b.fileName, b.mimeType]), [
			[`qr-${PENDING}.png`, 'image/png'],
			[`qr-${PENDING}.svg`, 'image/svg+xml'],
		]);
		assert.ok(!JSON.stringify(out).includes(mock.apiKey));
		// The host layer put the key on the requests: the API saw it, the component never had it.
		const requests = (await mock.admin('GET', '/__mock/requests')) as { tokenMatches: boolean }[];
		assert.deepEqual(requests.map((r) => r.tokenMatches), [true, true]);
	});

	test('an API that echoes the key: it is scrubbed from JSON, files and errors before n8n sees them', async () => {
		for (const device of [PENDING, FRESH]) await mock.admin('POST', '/__mock/faults', { device, fault: { kind: 'echoToken' } });
		const { fns } = context(mock, [{ device: PENDING, encoding: 'json' }, { device: FRESH, encoding: 'svg' }], false);
		const [out] = await node.execute.call(fns);
		assert.equal(out[0].json.echo, '[redacted]', 'the API echoed the key in its JSON');
		const svg = Buffer.from(out[1].binary!.qr.data, 'base64').toString();
		assert.match(svg, /<!-- token \[redacted\] -->/, 'the API echoed the key in the SVG');
		assert.match(String(out[1].json.data), /<!-- token \[redacted\] -->/);
		assert.ok(!JSON.stringify(out).includes(mock.apiKey));
		assert.ok(!svg.includes(mock.apiKey));
	});

	test('a credential the host refuses: missing-credentials before any request, or every item an error item', async () => {
		for (const apiKey of ['', '  ', 'two words', `${'k'.repeat(12)}\r\nX-Evil: 1`, 'kéy-0123456789']) {
			const { fns } = context({ baseUrl: mock.baseUrl, apiKey }, [{ device: PENDING }], false);
			const error = await node.execute.call(fns).then(() => undefined, (e: unknown) => e);
			assert.ok(error instanceof NodeOperationError, String(error));
			assert.equal(error.context.kind, 'missing-credentials');
			assert.match(error.message, /API Key/);
			if (apiKey.trim() !== '') assert.ok(!error.message.includes(apiKey.trim()));
		}
		const { fns } = context({ baseUrl: mock.baseUrl, apiKey: '' }, [{ device: PENDING }, { device: FRESH }], true);
		const [out] = await node.execute.call(fns);
		assert.deepEqual(out.map((o) => o.pairedItem), [{ item: 0 }, { item: 1 }]);
		for (const o of out) {
			assert.deepEqual(Object.keys(o.json).sort(), ['error', 'errorKind']);
			assert.equal(o.json.errorKind, 'missing-credentials');
		}
		const { fns: options } = context({ baseUrl: mock.baseUrl, apiKey: '' }, [], false);
		await assert.rejects(node.methods.loadOptions.getDevices.call(options), /API Key/);
		assert.deepEqual(await mock.admin('GET', '/__mock/requests'), []);
	});

	test("n8n's Custom API Call is answered with what to use instead, before any request", async () => {
		for (const params of [{ resource: '__CUSTOM_API_CALL__' }, { resource: 'whatsappSession', operation: '__CUSTOM_API_CALL__' }]) {
			const { fns } = context(mock, [{ device: PENDING, encoding: 'uri' }, { device: PENDING, ...params }], false);
			const error = await node.execute.call(fns).then(() => undefined, (e: unknown) => e);
			assert.ok(error instanceof NodeOperationError, String(error));
			assert.equal(error.context.itemIndex, 1);
			assert.match(error.message, /HTTP Request node/);
			assert.match(error.message, /Predefined Credential Type/);
			assert.match(error.message, /"SparkBot API"/);
		}
		assert.deepEqual(await mock.admin('GET', '/__mock/requests'), []);
		const { fns } = context(mock, [{ device: PENDING, encoding: 'uri' }, { device: PENDING, resource: '__CUSTOM_API_CALL__' }], true);
		const [out] = await node.execute.call(fns);
		assert.equal(out[0].json.encoding, 'uri');
		assert.equal(out[1].json.errorKind, 'invalid-parameter');
		assert.match(String(out[1].json.error), /HTTP Request node/);
	});

	test('without continue-on-fail: NodeApiError naming the failed item', async () => {
		const { fns } = context(mock, [{ device: PENDING }, { device: ONLINE }], false);
		const error = await node.execute.call(fns).then(() => undefined, (e: unknown) => e);
		assert.ok(error instanceof NodeApiError, String(error));
		assert.equal(error.httpCode, '409');
		assert.equal(error.context.itemIndex, 1);
		assert.match(error.message, /Force New QR/);
	});

	test('a bad parameter is a NodeOperationError, before any request', async () => {
		const { fns } = context(mock, [{ device: PENDING }, { device: PENDING, force: 'true' }], false);
		const error = await node.execute.call(fns).then(() => undefined, (e: unknown) => e);
		assert.ok(error instanceof NodeOperationError, String(error));
		assert.equal(error.context.itemIndex, 1);
		assert.deepEqual(await mock.admin('GET', '/__mock/requests'), []);
	});

	test('continue-on-fail: error items in place, an expression failure included', async () => {
		const { fns } = context(
			mock,
			[{ device: PENDING, encoding: 'uri' }, { device: new Error('expression failed') }, { device: ONLINE }, { device: PENDING, encoding: 'json' }],
			true,
		);
		const [out] = await node.execute.call(fns);
		assert.deepEqual(out.map((o) => o.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		assert.equal(out[1].json.error, 'expression failed');
		assert.equal(out[2].json.errorKind, 'conflict');
		// A failed item's JSON is rendered from its error: exactly these keys.
		const rendered = ['error', 'errorKind', 'description', 'httpStatus', 'retryAfterSeconds'];
		assert.deepEqual(Object.keys(out[2].json).filter((k) => !rendered.includes(k)), []);
		assert.equal(out[2].json.httpStatus, 409);
		assert.equal(typeof out[3].json.data, 'string');
		assert.equal(out[0].json.error, undefined);
	});

	test('outside the administrator allow-list: denied by the host, nothing sent', async () => {
		process.env.WORKFLOW_NODE_ALLOWED_ORIGINS = 'https://api.example.com';
		try {
			const { fns } = context(mock, [{ device: PENDING }], false);
			const error = await node.execute.call(fns).then(() => undefined, (e: unknown) => e);
			assert.ok(error instanceof NodeOperationError, String(error));
			assert.match(error.message, /host|administrator|denied/i);
			assert.equal(error.context.itemIndex, 0);
			assert.deepEqual(await mock.admin('GET', '/__mock/requests'), []);
		} finally {
			delete process.env.WORKFLOW_NODE_ALLOWED_ORIGINS;
		}
		const { fns } = context(mock, [{ device: PENDING, encoding: 'uri' }], false);
		const [out] = await node.execute.call(fns);
		assert.equal(out[0].json.encoding, 'uri');
	});

	test('a wrong key: the error never holds the key', async () => {
		const wrong = 'sk_live_' + 'q'.repeat(30);
		const { fns } = context({ baseUrl: mock.baseUrl, apiKey: wrong }, [{ device: PENDING }], false);
		const error = await node.execute.call(fns).then(() => undefined, (e: unknown) => e);
		assert.ok(error instanceof NodeApiError);
		assert.equal(error.httpCode, '401');
		assert.ok(!JSON.stringify({ ...error, message: error.message, description: error.description }).includes(wrong));
	});
});

test("the component's HTTP does not block n8n's event loop", async () => {
	// A server on this very thread, answering after 300 ms: it can only answer
	// if the main thread keeps running while the component waits.
	let ticks = 0;
	const timer = setInterval(() => ticks++, 20);
	const server = createServer((req, res) => {
		setTimeout(() => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify([{ id: 'abc', alias: 'Slow', phone: null, status: 'operative', session: { status: 'new' } }]));
		}, 300);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const port = (server.address() as { port: number }).port;
		const { fns } = context({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k'.repeat(32) }, [], false);
		const options = await node.methods.loadOptions.getDevices.call(fns);
		assert.deepEqual(options, [{ name: 'Slow', value: 'abc', description: 'Session: new' }]);
		assert.ok(ticks >= 10, `the main thread ticked ${ticks} times during the call`);
	} finally {
		clearInterval(timer);
		server.close();
	}
});
