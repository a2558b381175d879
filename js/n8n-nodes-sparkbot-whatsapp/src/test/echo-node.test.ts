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
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INode } from 'n8n-workflow';
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
