// The warm runtime: a pool of long-lived workers, a fresh instance per call,
// its requests sent through n8n's request helper (a stand-in here; real n8n
// in js/n8n-e2e), and the limits that hold as in the Rust host (the same
// cases): a 3 MiB body under a 2 MiB memory cap (and under a 2 MiB body
// cap), a server that never answers, a redirect elsewhere. After each
// failure the next call on the same pool succeeds.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { Component, ComponentCrash, ComponentPool, type PoolLimits, type Sender } from '../client';
import { SparkBotApi } from '../credentials/SparkBotApi.credentials';
import { CredentialModels, type Prepared } from '../host/credentials';
import { n8nSender, type SendLimits } from '../n8n-http';
import type { Call, Reply } from '../protocol';
import type { NodeDescription, OutputItem } from '../component';
import { standInRequestHelper } from './support/n8n-request';
import { startMock, type Mock } from './support/mock';

const PENDING = '61b37a069cba0c15d6c81e7c';
const MIB = 1024 * 1024;

function scan(prepared: Prepared, encoding = 'uri', timeout?: number): Call {
	const parameters: Record<string, unknown> = { device: PENDING, encoding };
	if (timeout !== undefined) parameters.options = { timeout };
	return {
		op: 'execute',
		credentials: prepared.guestCredentials,
		items: [{ json: '{}', binary: [], parameters: JSON.stringify(parameters) }],
		settings: { continueOnFail: false, deadlineMs: 60_000n },
	};
}

function items(reply: Reply): OutputItem[] {
	assert.ok(reply.ok, JSON.stringify(reply));
	return reply.value as OutputItem[];
}

const component = new Component(join(__dirname, '..', '..', 'component'));
const limits = (over: Partial<PoolLimits> = {}): PoolLimits => ({ size: 1, memoryCapBytes: 64 * MIB, heapMib: 256, ...over });

describe('the warm runtime against the embedded SparkBot API', () => {
	let mock: Mock;
	let prepared: Prepared;
	const models = new CredentialModels(component.describe() as NodeDescription);
	const prepare = (baseUrl: string) => {
		const p = models.prepare('sparkBotApi', { baseUrl, apiKey: mock.apiKey }, []);
		assert.ok(p.ok);
		return p.prepared;
	};
	/** The call's sender: n8n's helper (stand-in) with the credential of `p`, under `over` limits. */
	const senderFor = (p: Prepared, over: Partial<SendLimits> = {}): Sender => {
		const credentials: IDataObject = { ...JSON.parse(p.guestCredentials.data), apiKey: mock.apiKey };
		const fns = { helpers: { httpRequestWithAuthentication: standInRequestHelper(new SparkBotApi().authenticate, async () => credentials) } };
		return n8nSender(fns as unknown as IExecuteFunctions, 'sparkBotApi', p.grant, { requestTimeoutMs: 30_000, bodyCapBytes: 16 * MIB, ...over });
	};

	before(async () => {
		mock = await startMock();
		prepared = prepare(mock.baseUrl);
	});
	after(async () => mock?.stop());
	beforeEach(async () => {
		await mock.admin('POST', '/__mock/reset');
	});

	test('calls run on long-lived workers: after the first, a call takes milliseconds', async () => {
		const pool = new ComponentPool(component, limits({ size: 2, memoryCapBytes: 64 * MIB }));
		try {
			const t0 = performance.now();
			items(await pool.run(scan(prepared), 30_000, senderFor(prepared)));
			const first = performance.now() - t0;
			const times: number[] = [];
			for (let i = 0; i < 5; i++) {
				await new Promise((resolve) => setTimeout(resolve, 100)); // the worker makes its next instance while idle
				const t = performance.now();
				const [out] = items(await pool.run(scan(prepared), 30_000, senderFor(prepared)));
				times.push(performance.now() - t);
				assert.match(JSON.parse(out.json).data, /^2@sparkbot-mock\//);
			}
			times.sort((a, b) => a - b);
			// Not a benchmark (see npm run bench in n8n-e2e): only that no worker starts per call.
			assert.ok(times[2] < first, `median ${times[2].toFixed(1)} ms, first ${first.toFixed(1)} ms`);
		} finally {
			await pool.close();
		}
	});

	test('a 3 MiB body under a 2 MiB memory cap ends that call; the worker is replaced and the next call succeeds', async () => {
		const pool = new ComponentPool(component, limits({ size: 1, memoryCapBytes: 2 * MIB }));
		try {
			await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'huge', bytes: 3 * MIB } });
			const reply = await pool.run(scan(prepared, 'svg'), 30_000, senderFor(prepared));
			assert.ok(!reply.ok && 'crash' in reply, JSON.stringify(reply).slice(0, 300));
			assert.match(reply.crash, /memory grew to \d+ bytes, past the host's cap of 2097152 bytes/);
			await mock.admin('POST', '/__mock/reset');
			items(await pool.run(scan(prepared), 30_000, senderFor(prepared)));
		} finally {
			await pool.close();
		}
		// Under the default 64 MiB cap the same body is the node's own clean error (its 4 MiB read cap is not reached, the SVG is garbage).
		const roomy = new ComponentPool(component, limits({ size: 1, memoryCapBytes: 64 * MIB }));
		try {
			await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'huge', bytes: 3 * MIB } });
			const reply = await roomy.run(scan(prepared, 'svg'), 30_000, senderFor(prepared));
			assert.ok(!reply.ok && 'nodeError' in reply, JSON.stringify(reply).slice(0, 300));
			assert.equal(reply.nodeError.kind, 'service-error');
		} finally {
			await roomy.close();
		}
	});

	test('a 3 MiB body under a 2 MiB body cap: n8n stops reading, the node reports a network error, the worker stays', async () => {
		const pool = new ComponentPool(component, limits({ size: 1 }));
		try {
			await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'huge', bytes: 3 * MIB } });
			const reply = await pool.run(scan(prepared, 'svg'), 30_000, senderFor(prepared, { bodyCapBytes: 2 * MIB }));
			assert.ok(!reply.ok && 'nodeError' in reply, JSON.stringify(reply).slice(0, 300));
			assert.equal(reply.nodeError.kind, 'network');
			assert.match(reply.nodeError.message, /HttpResponseBodySize/);
			await mock.admin('POST', '/__mock/reset');
			items(await pool.run(scan(prepared), 30_000, senderFor(prepared)));
		} finally {
			await pool.close();
		}
	});

	describe('a server that accepts and never answers', () => {
		let server: Server;
		let silent: Prepared;
		const sockets = new Set<Socket>();
		before(async () => {
			server = createServer((socket) => void sockets.add(socket)); // holds every connection open, says nothing
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			const { port } = server.address() as { port: number };
			silent = prepare(`http://127.0.0.1:${port}/v1`);
		});
		after(() => {
			for (const socket of sockets) socket.destroy();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		});

		test("the per-request bound ends the request as the node's timeout error", async () => {
			const pool = new ComponentPool(component, limits({ size: 1, memoryCapBytes: 64 * MIB }));
			try {
				const t0 = performance.now();
				const reply = await pool.run(scan(silent), 30_000, senderFor(silent, { requestTimeoutMs: 1_000 }));
				const took = performance.now() - t0;
				assert.ok(!reply.ok && 'nodeError' in reply, JSON.stringify(reply));
				assert.equal(reply.nodeError.kind, 'timeout');
				assert.ok(took < 5_000, `${took} ms`);
			} finally {
				await pool.close();
			}
		});

		test('the call deadline stops the worker; a new one serves the next call', async () => {
			const pool = new ComponentPool(component, limits({ size: 1, memoryCapBytes: 64 * MIB }));
			try {
				const t0 = performance.now();
				await assert.rejects(pool.run(scan(silent), 1_500, senderFor(silent, { requestTimeoutMs: 60_000 })), (error: Error) => {
					assert.ok(error instanceof ComponentCrash);
					assert.match(error.message, /did not answer within 1500 ms/);
					return true;
				});
				const took = performance.now() - t0;
				assert.ok(took >= 1_500 && took < 2_500, `${took} ms`);
				items(await pool.run(scan(prepared), 30_000, senderFor(prepared)));
			} finally {
				await pool.close();
			}
		});
	});

	test('a redirect elsewhere is not followed: a service error, and the other server sees nothing', async () => {
		let hits = 0;
		const other = createServer((socket) => {
			hits++;
			socket.destroy();
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		const { port } = other.address() as { port: number };
		const pool = new ComponentPool(component, limits({ size: 1, memoryCapBytes: 64 * MIB }));
		try {
			await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'redirect', location: `http://127.0.0.1:${port}/steal` } });
			const reply = await pool.run(scan(prepared), 30_000, senderFor(prepared));
			assert.ok(!reply.ok && 'nodeError' in reply, JSON.stringify(reply));
			assert.equal(reply.nodeError.kind, 'service-error');
			assert.equal(hits, 0);
		} finally {
			await pool.close();
			await new Promise<void>((resolve) => other.close(() => resolve()));
		}
	});
});
