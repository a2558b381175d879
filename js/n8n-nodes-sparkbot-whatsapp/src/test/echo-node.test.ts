// The package's runtime is a loader for any workflow:node component, not a
// SparkBot one: the second test component of the neutral world (echo_node,
// credential `echoApi`: base URL `url`, secret `token` sent as
// `Authorization: Bearer …`) runs through the same n8n classes, worker pool
// and n8n sender as SparkBot WhatsApp, with n8n's functions faked and n8n's
// request helper stood in for (support/n8n-request.ts). The echo node GETs
// {url}{path} with its own forged Authorization header and returns what it
// received; its peer is a server in a child process that answers with the
// request's headers.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { IBinaryData, IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INode } from 'n8n-workflow';
import { MAX_BINARY_MB_ENV } from '../binary';
import { DEFAULT_MAX_CALL_MS, MAX_CALL_MS_ENV, TimeBudgets } from '../budget';
import { WorkflowCredential, WorkflowNode } from '../n8n-node';
import { nodeRuntime } from '../run';
import { standInRequestHelper, type Sent } from './support/n8n-request';

interface EchoServer {
	origin: string;
	port: number;
	log(): Promise<{ method: string; url: string; headers: [string, string][] }[]>;
	stop(): Promise<void>;
}

const jco = join(__dirname, '..', '..', '..', 'jco');
const dir = join(jco, 'generated-echo-instantiable');
if (!existsSync(dir)) throw new Error(`no transpiled echo test component in ${dir}: build tests/fixtures/echo-node and run node js/jco/transpile.mjs`);

const TOKEN = 'tok"en\\<&>-0123456789abcdefghij';
const NODE: INode = { id: '1', name: 'Echo', type: 'echoNode', typeVersion: 1, position: [0, 0], parameters: {} };

let server: EchoServer;
let other: EchoServer;
const assets = mkdtempSync(join(tmpdir(), 'echo-assets-'));
before(async () => {
	const { startEchoServer } = (await import(pathToFileURL(join(jco, 'test', 'support', 'echo.mjs')).href)) as { startEchoServer(): Promise<EchoServer> };
	server = await startEchoServer();
	other = await startEchoServer();
});
after(async () => {
	await server?.stop();
	await other?.stop();
	rmSync(assets, { recursive: true, force: true });
});

function fns(node: WorkflowNode, credential: WorkflowCredential, data: IDataObject, paths: string[], sent: Sent[]) {
	return {
		getNode: () => NODE,
		getInputData: () => paths.map((_, i) => ({ json: { n: i + 1 } })),
		continueOnFail: () => true,
		getCredentials: async (type: string) => {
			assert.equal(type, credential.name);
			return data;
		},
		getNodeParameter: (name: string, i: number, fallback: unknown) => (name === 'path' ? paths[i] : fallback),
		getCurrentNodeParameters: () => ({}),
		helpers: {
			prepareBinaryData: async () => assert.fail('the echo node gives no binary'),
			httpRequestWithAuthentication: standInRequestHelper(credential.authenticate, async () => data, sent),
		},
	} as unknown as IExecuteFunctions & ILoadOptionsFunctions;
}

test('the echo component through the same n8n classes, pool and sender: its credential, its header, nothing else', async () => {
	const node = new WorkflowNode(dir, assets);
	const credential = new WorkflowCredential(dir, assets);
	assert.equal(node.description.name, 'echoNode');
	assert.equal(credential.name, 'echoApi');
	assert.deepEqual(credential.authenticate, { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } } });
	assert.deepEqual(credential.properties.find((p) => p.name === 'token')?.typeOptions, { password: true });

	const url = `${server.origin}/echo`;
	const sent: Sent[] = [];
	const data = { url, token: TOKEN, label: 'my label' };
	const [out] = await node.execute.call(fns(node, credential, data, ['/whoami', '/again'], sent));
	const log = await server.log();
	assert.deepEqual(log.map((r) => [r.method, r.url]), [['GET', '/echo/whoami'], ['GET', '/echo/again']]);
	for (const request of log) {
		const authorization = request.headers.filter(([name]) => name.toLowerCase() === 'authorization').map(([, v]) => v);
		assert.deepEqual(authorization, [`Bearer ${TOKEN}`], "exactly one Authorization: n8n's, from the credential");
	}
	assert.equal(sent.length, 2);
	for (const request of sent) {
		assert.deepEqual(Object.keys(request.asked).filter((n) => n.toLowerCase() === 'authorization'), [], "the node's own Authorization was dropped before n8n");
	}
	assert.equal(out.length, 2);
	for (const [i, item] of out.entries()) {
		assert.equal(item.json.error, undefined, JSON.stringify(item.json));
		assert.deepEqual(item.json.input, { n: i + 1 });
		assert.equal(item.json.status, 200);
		assert.deepEqual(item.json.credentialData, { url, label: 'my label' }, 'the node got the credential without its secret');
	}
	const text = JSON.stringify(out);
	assert.ok(!text.includes('tok\\"en') && !text.includes(TOKEN), 'the echoed token was scrubbed');
	assert.ok(!log.some((r) => JSON.stringify(r.headers).includes('forged-by-guest')), "the node's own Authorization was not sent");
	assert.ok(!text.includes('forged-by-guest'));

	// {url}{path} on another port: the credential's origin is http://127.0.0.1 (port 80); the other server sees nothing.
	const [denied] = await node.execute.call(fns(node, credential, { url: 'http://127.0.0.1', token: TOKEN }, [`:${other.port}/whoami`], []));
	assert.deepEqual(await other.log(), []);
	assert.ok(denied[0].json.error !== undefined || denied[0].json.status !== 200, JSON.stringify(denied[0].json));
	assert.ok(!JSON.stringify(denied).includes(TOKEN));
});

test("the call's deadline comes from the node's time budgets, capped by WORKFLOW_NODE_MAX_CALL_MS; list-search goes the load-options way", async () => {
	const node = new WorkflowNode(dir, assets);
	const credential = new WorkflowCredential(dir, assets);
	const data = { url: `${server.origin}/echo`, token: TOKEN };
	const described = nodeRuntime(dir).description();
	const paths = ['/a', '/b', '/c'];
	const expected = new TimeBudgets(described).callMs(paths.map((path) => ({ path })), DEFAULT_MAX_CALL_MS);
	assert.ok(expected > 0, 'the echo node declares a budget');
	const [out] = await node.execute.call(fns(node, credential, data, paths, []));
	assert.deepEqual(out.map((o) => o.json.deadlineMs), [expected, expected, expected]);
	process.env[MAX_CALL_MS_ENV] = '1234';
	try {
		const [capped] = await node.execute.call(fns(node, credential, data, paths, []));
		assert.deepEqual(capped.map((o) => o.json.deadlineMs), [1234, 1234, 1234]);
	} finally {
		delete process.env[MAX_CALL_MS_ENV];
	}
	// The component's list-search through the worker, with the credential checked first.
	const page = await nodeRuntime(dir).listSearch(fns(node, credential, data, [], []), 'credentialFields', 'ur');
	assert.deepEqual(page, { results: [{ name: 'url', value: 'url' }], paginationToken: undefined }, 'the fields whose name holds the filter, the secret never among them');
	await assert.rejects(nodeRuntime(dir).listSearch(fns(node, credential, { url: '', token: '' }, [], []), 'credentialFields'), /Token/);
});

/** One input item of a faked run: its JSON, files (n8n's metadata, bytes in memory as base64) and parameters. */
interface FakeItem {
	json?: IDataObject;
	binary?: Record<string, { bytes: Buffer; mimeType: string; fileName?: string; fileExtension?: string; sizeKnown?: boolean }>;
	path?: string;
	options?: IDataObject;
	/** getNodeParameter throws for this item, as n8n does for an expression that fails. */
	expressionFails?: boolean;
}

/** n8n's functions for a run over `items`, recording which files were read. */
function runOf(credential: WorkflowCredential, data: IDataObject, items: FakeItem[], continueOnFail: boolean, reads: [number, string][] = []) {
	const input = items.map((item) => {
		const binary: Record<string, IBinaryData> = {};
		for (const [key, file] of Object.entries(item.binary ?? {})) {
			const meta: IBinaryData = { data: file.bytes.toString('base64'), mimeType: file.mimeType, fileSize: `${file.bytes.length} B` };
			if (file.fileName) meta.fileName = file.fileName;
			if (file.fileExtension) meta.fileExtension = file.fileExtension;
			// n8n's filesystem mode: the bytes live elsewhere, the metadata has an id and maybe `bytes`.
			if (file.sizeKnown === false) {
				meta.data = 'filesystem-v2';
				meta.id = `filesystem-v2:${key}`;
			} else meta.bytes = file.bytes.length;
			binary[key] = meta;
		}
		return { json: item.json ?? {}, binary };
	});
	return {
		getNode: () => NODE,
		getInputData: () => input,
		continueOnFail: () => continueOnFail,
		getCredentials: async () => data,
		getNodeParameter: (name: string, i: number, fallback: unknown) => {
			if (items[i].expressionFails) throw new Error(`expression of item ${i} failed`);
			if (name === 'path') return items[i].path ?? '/whoami';
			if (name === 'options') return items[i].options ?? {};
			return fallback;
		},
		getCurrentNodeParameters: () => ({}),
		helpers: {
			getBinaryDataBuffer: async (i: number, key: string) => {
				reads.push([i, key]);
				const file = items[i].binary?.[key];
				if (!file) throw new Error(`item ${i} has no binary ${key}`);
				return file.bytes;
			},
			prepareBinaryData: async () => assert.fail('the echo node gives no binary'),
			httpRequestWithAuthentication: standInRequestHelper(credential.authenticate, async () => data, []),
		},
	} as unknown as IExecuteFunctions;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Bytes with every value, `n` long. */
const bytesOf = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + (i >> 8)) & 0xff));

test("binary in: an entry goes to the component when the item's parameters name it (here options.binaryProperty), read with getBinaryDataBuffer, with n8n's MIME type and file name", async () => {
	const node = new WorkflowNode(dir, assets);
	const credential = new WorkflowCredential(dir, assets);
	const data = { url: `${server.origin}/echo`, token: TOKEN };
	const pdf = bytesOf(70_000, 7);
	const other = bytesOf(5_000, 3);
	const reads: [number, string][] = [];
	const [out] = await node.execute.call(
		runOf(
			credential,
			data,
			[
				{ binary: { doc: { bytes: pdf, mimeType: 'application/pdf', fileName: 'report.pdf', fileExtension: 'pdf' }, other: { bytes: other, mimeType: 'text/plain' } }, options: { binaryProperty: 'doc' } },
				// Stored elsewhere (n8n's filesystem mode): no size in the metadata, read all the same.
				{ binary: { photo: { bytes: other, mimeType: 'image/png', fileName: 'p.png', sizeKnown: false } }, options: { binaryProperty: 'photo' } },
				{ binary: { doc: { bytes: pdf, mimeType: 'application/pdf' } } },
				{ options: { binaryProperty: 'absent' } },
			],
			true,
			reads,
		),
	);
	assert.equal(out.length, 4);
	assert.deepEqual(out[0].json.binary, { key: 'doc', bytes: pdf.length, sha256: sha256(pdf), mimeType: 'application/pdf', fileName: 'report.pdf', fileExtension: 'pdf' });
	assert.deepEqual(out[0].json.binaryKeys, ['doc'], 'only the entry a parameter names goes in');
	assert.deepEqual(out[1].json.binary, { key: 'photo', bytes: other.length, sha256: sha256(other), mimeType: 'image/png', fileName: 'p.png', fileExtension: null });
	assert.deepEqual([out[2].json.binaryKeys, out[2].json.binary], [[], null], 'no parameter names doc: it stays in n8n');
	assert.equal(out[3].json.errorKind, 'invalid-parameter');
	assert.match(String(out[3].json.error), /no binary entry 'absent'; the host passed none/);
	assert.deepEqual(reads, [[0, 'doc'], [1, 'photo']], 'n8n was asked for the named files only');
	assert.deepEqual(out.map((o) => o.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
});

test('binary in is capped per execution (WORKFLOW_NODE_MAX_BINARY_MB): the item over it fails naming the entry, its size, the cap and the variable; the others go through', async () => {
	const node = new WorkflowNode(dir, assets);
	const credential = new WorkflowCredential(dir, assets);
	const data = { url: `${server.origin}/echo`, token: TOKEN };
	const big = bytesOf(70_000, 5);
	const small = bytesOf(20_000, 11);
	const named = (bytes: Buffer, sizeKnown = true): FakeItem => ({ binary: { doc: { bytes, mimeType: 'application/octet-stream', sizeKnown } }, options: { binaryProperty: 'doc' } });
	process.env[MAX_BINARY_MB_ENV] = '0.1'; // 104,857 bytes
	try {
		const reads: [number, string][] = [];
		const before = (await server.log()).length;
		const [out] = await node.execute.call(runOf(credential, data, [named(big), named(big), named(small), named(big, false)], true, reads));
		assert.deepEqual(out.map((o) => o.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		assert.equal(out[0].json.binary && (out[0].json.binary as IDataObject).bytes, big.length);
		assert.equal(out[2].json.binary && (out[2].json.binary as IDataObject).sha256, sha256(small), 'a later file that fits still goes in');
		for (const i of [1, 3]) {
			assert.equal(out[i].json.errorKind, 'invalid-parameter', JSON.stringify(out[i].json));
			const message = `${out[i].json.error} ${out[i].json.description}`;
			for (const part of ["'doc'", '70000 bytes', '104857 bytes', MAX_BINARY_MB_ENV]) assert.ok(message.includes(part), `${part} in: ${message}`);
		}
		assert.match(String(out[1].json.error), /already passed/);
		assert.deepEqual(reads, [[0, 'doc'], [2, 'doc'], [3, 'doc']], 'a file whose known size is over the cap is not read');
		assert.equal((await server.log()).length - before, 2, 'the refused items sent nothing');

		// Without continue-on-fail the run ends on that item, before anything is sent.
		await assert.rejects(node.execute.call(runOf(credential, data, [named(big), named(big), named(small)], false)), (error: Error & { context?: IDataObject }) => {
			assert.match(error.message, /'doc' is 68\.4 KiB \(70000 bytes\).*already passed/);
			assert.equal(error.context?.itemIndex, 1);
			return true;
		});
		assert.equal((await server.log()).length - before, 2, 'the run ended before its first item was sent');
	} finally {
		delete process.env[MAX_BINARY_MB_ENV];
	}
});

test('many outputs per input: every output the component gives is kept, in input order, each paired to its input', async () => {
	const node = new WorkflowNode(dir, assets);
	const credential = new WorkflowCredential(dir, assets);
	const data = { url: `${server.origin}/echo`, token: TOKEN };
	const [out] = await node.execute.call(
		runOf(
			credential,
			data,
			[
				{ json: { n: 0 }, options: { repeat: 3 } },
				{ json: { n: 1 }, expressionFails: true },
				{ json: { n: 2 } },
				{ json: { n: 3 }, options: { repeat: 51 } },
				{ json: { n: 4 }, options: { repeat: 2 } },
			],
			true,
		),
	);
	assert.deepEqual(
		out.map((o) => [(o.pairedItem as { item: number }).item, o.json.error === undefined ? o.json.copy : 'error']),
		[[0, 0], [0, 1], [0, 2], [1, 'error'], [2, 0], [3, 'error'], [4, 0], [4, 1]],
	);
	for (const o of out) if (o.json.error === undefined) assert.equal((o.json.input as IDataObject).n, (o.pairedItem as { item: number }).item);
	assert.match(String(out[5].json.error), /Repeat must be a whole number from 1 to 50/);
});
