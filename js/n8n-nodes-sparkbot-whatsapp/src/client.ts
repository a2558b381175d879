// n8n's side of the component: its core modules compiled once per process,
// describe() answered on this thread (a fresh instance with no I/O
// granted), and every other call run on a small pool of long-lived worker
// threads (worker.ts), each call on a fresh instance there. A worker whose
// call trapped, broke the memory cap or ran past its deadline is stopped
// and replaced, so nothing it held reaches the next call.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HttpGrant } from './host/credentials';
import { compileCoreModules, inertImports, instantiateNode, type CoreModules, type Instantiate } from './host/instantiate';
import type { Call, Job, JobReply, PoolWorkerData, Reply } from './protocol';

/** The transpiled component, shipped in the package's component/ folder. */
const COMPONENT_DIR = join(__dirname, '..', 'component');
const COMPONENT_JS = join(COMPONENT_DIR, 'sparkbot_whatsapp.js');
const WORKER = join(__dirname, 'worker.js');

/** The component could not answer: it trapped, failed to load, broke a limit, or ran past the deadline. */
export class ComponentCrash extends Error {}

/** The pool's limits; each can be set by the environment variable named beside it. */
export interface PoolLimits {
	/** Worker threads kept alive (WORKFLOW_NODE_POOL_SIZE); default: 2, or 1 on one core. */
	size: number;
	/** The component's linear memory cap (WORKFLOW_NODE_MEMORY_MIB); default 64 MiB, as the Rust host. */
	memoryCapBytes: number;
	/** Each HTTP request's bound (WORKFLOW_NODE_REQUEST_TIMEOUT_MS); default 30 s, as the Rust host. */
	requestTimeoutMs: number;
	/** Each worker's JavaScript heap (WORKFLOW_NODE_HEAP_MIB); default 256 MiB. */
	heapMib: number;
}

function positive(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function poolLimits(): PoolLimits {
	return {
		size: Math.floor(positive('WORKFLOW_NODE_POOL_SIZE', Math.min(2, availableParallelism()))),
		memoryCapBytes: positive('WORKFLOW_NODE_MEMORY_MIB', 64) * 1024 * 1024,
		requestTimeoutMs: positive('WORKFLOW_NODE_REQUEST_TIMEOUT_MS', 30_000),
		heapMib: positive('WORKFLOW_NODE_HEAP_MIB', 256),
	};
}

let compiled: { modules: CoreModules; instantiate: Instantiate } | undefined;

/** The core modules, compiled on first use (once per process), and jco's instantiate(). */
function component() {
	if (!compiled) {
		const modules = compileCoreModules(COMPONENT_DIR);
		// jco's output is an ES module without top-level await: require() loads it (Node.js >= 20.19).
		const { instantiate } = require(COMPONENT_JS) as { instantiate: Instantiate };
		compiled = { modules, instantiate };
	}
	return compiled;
}

/** describe(), on this thread: a fresh instance that may not touch anything outside. */
export function describeComponent(): unknown {
	const { modules, instantiate } = component();
	return instantiateNode(instantiate, modules, inertImports()).node.describe();
}

interface Pending {
	job: Job;
	stopAfterMs: number;
	resolve(reply: Reply): void;
	reject(error: Error): void;
}

class PoolWorker {
	readonly thread: Worker;
	current?: { pending: Pending; timer: NodeJS.Timeout };
	retired = false;

	constructor(data: PoolWorkerData, heapMib: number) {
		this.thread = new Worker(WORKER, {
			workerData: data,
			// No environment variables reach the component (n8n's own secrets live there).
			env: {},
			resourceLimits: { maxOldGenerationSizeMb: heapMib, maxYoungGenerationSizeMb: Math.min(64, heapMib / 4) },
		});
	}
}

/** A small pool of long-lived worker threads; calls queue when all are busy. */
export class ComponentPool {
	private readonly idle: PoolWorker[] = [];
	private readonly queue: Pending[] = [];
	private workers = 0;
	private nextId = 1;

	constructor(readonly limits: PoolLimits = poolLimits()) {}

	run(call: Call, stopAfterMs: number, grant: HttpGrant | undefined, secrets: string[]): Promise<Reply> {
		return new Promise((resolve, reject) => {
			this.queue.push({ job: { id: this.nextId++, call, grant, secrets }, stopAfterMs, resolve, reject });
			while (this.workers < this.limits.size) this.idle.push(this.spawn());
			this.dispatch();
		});
	}

	/** Stops every worker (tests; n8n never needs to). */
	async close(): Promise<void> {
		const workers = this.idle.splice(0);
		this.workers = 0;
		await Promise.all(workers.map((w) => w.thread.terminate()));
	}

	private spawn(): PoolWorker {
		const { modules } = component();
		const data: PoolWorkerData = {
			jsUrl: pathToFileURL(COMPONENT_JS).href,
			modules,
			memoryCapBytes: this.limits.memoryCapBytes,
			requestTimeoutMs: this.limits.requestTimeoutMs,
		};
		const worker = new PoolWorker(data, this.limits.heapMib);
		this.workers++;
		worker.thread.on('message', (answer: JobReply) => this.answered(worker, answer));
		worker.thread.on('error', (error) => this.lost(worker, `the component's worker failed: ${error.message}`));
		worker.thread.on('exit', (code) => this.lost(worker, `the component's worker exited (code ${code}) without answering`));
		// A worker never keeps n8n (or `n8n execute`) running by itself; while
		// it has a call, the call's deadline timer keeps the process alive.
		// (After the listeners: adding a 'message' listener refs the worker again.)
		worker.thread.unref();
		return worker;
	}

	private dispatch(): void {
		while (this.queue.length > 0 && this.idle.length > 0) {
			const worker = this.idle.pop()!;
			const pending = this.queue.shift()!;
			const timer = setTimeout(() => {
				this.retire(worker);
				pending.reject(new ComponentCrash(`the component did not answer within ${pending.stopAfterMs} ms`));
			}, pending.stopAfterMs);
			worker.current = { pending, timer };
			worker.thread.postMessage(pending.job);
		}
	}

	private answered(worker: PoolWorker, answer: JobReply): void {
		const current = worker.current;
		if (!current || current.pending.job.id !== answer.id) return;
		clearTimeout(current.timer);
		worker.current = undefined;
		if (answer.replace) {
			this.retire(worker);
		} else {
			this.idle.push(worker);
		}
		current.pending.resolve(answer.reply);
		this.dispatch();
	}

	private lost(worker: PoolWorker, why: string): void {
		const current = worker.current;
		this.retire(worker);
		if (current) {
			clearTimeout(current.timer);
			current.pending.reject(new ComponentCrash(why));
		}
	}

	/** Stops a worker for good and starts its replacement. */
	private retire(worker: PoolWorker): void {
		const index = this.idle.indexOf(worker);
		if (index >= 0) this.idle.splice(index, 1);
		if (worker.retired) return;
		worker.retired = true;
		worker.current = undefined;
		worker.thread.removeAllListeners();
		worker.thread.on('error', () => {});
		worker.thread.unref();
		void worker.thread.terminate();
		this.workers--;
		if (this.queue.length > 0 || this.workers < this.limits.size) {
			this.idle.push(this.spawn());
			this.dispatch();
		}
	}
}

let pool: ComponentPool | undefined;

/**
 * Runs one call on the pool, its HTTP under `grant` and its reply scrubbed
 * of `secrets`; rejects (ComponentCrash) when it has not answered within
 * `stopAfterMs`, the worker then replaced.
 */
export function callComponent(call: Call, stopAfterMs: number, grant?: HttpGrant, secrets: string[] = []): Promise<Reply> {
	pool ??= new ComponentPool();
	return pool.run(call, stopAfterMs, grant, secrets);
}
