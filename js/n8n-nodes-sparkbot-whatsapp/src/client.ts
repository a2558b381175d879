// n8n's side of a component: its core modules compiled once per process,
// describe() answered on this thread (a fresh instance with no I/O
// granted), and every other call run on a small pool of long-lived worker
// threads (worker.ts), each call on a fresh instance there. A call's HTTP
// requests come back here and go out through the call's sender (n8n's
// request helper); the worker sleeps until each answer is posted. A worker
// whose call trapped, broke the memory cap or ran past its deadline is
// stopped and replaced, so nothing it held reaches the next call.
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { compileCoreModules, inertImports, instantiateNode, type CoreModules, type Instantiate } from './host/instantiate';
import type { WireRequest, WireResponse } from './host/wasi';
import type { Call, HttpAnswer, Job, PoolWorkerData, Reply, WorkerMessage } from './protocol';

const WORKER = join(__dirname, 'worker.js');

/** The component could not answer: it trapped, failed to load, broke a limit, or ran past the deadline. */
export class ComponentCrash extends Error {}

/** Sends one of a call's requests: the host's policy and limits are the sender's. */
export type Sender = (request: WireRequest) => Promise<WireResponse>;

/** The pool's limits; each can be set by the environment variable named beside it. */
export interface PoolLimits {
	/** Worker threads kept alive (WORKFLOW_NODE_POOL_SIZE); default: 2, or 1 on one core. */
	size: number;
	/** The component's linear memory cap (WORKFLOW_NODE_MEMORY_MIB); default 64 MiB, as the Rust host. */
	memoryCapBytes: number;
	/** Each worker's JavaScript heap (WORKFLOW_NODE_HEAP_MIB); default 256 MiB. */
	heapMib: number;
}

/** A positive number from the environment variable `name`, else `fallback`. */
export function positiveEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function poolLimits(): PoolLimits {
	return {
		size: Math.floor(positiveEnv('WORKFLOW_NODE_POOL_SIZE', Math.min(2, availableParallelism()))),
		memoryCapBytes: positiveEnv('WORKFLOW_NODE_MEMORY_MIB', 64) * 1024 * 1024,
		heapMib: positiveEnv('WORKFLOW_NODE_HEAP_MIB', 256),
	};
}

/** A transpiled component (jco, `--instantiation sync`): its folder, its one JS file, its compiled core modules. */
export class Component {
	readonly js: string;
	private compiled?: { modules: CoreModules; instantiate: Instantiate };

	constructor(readonly dir: string) {
		const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));
		if (scripts.length !== 1) throw new ComponentCrash(`${dir} must hold one transpiled component (one .js file); it holds ${scripts.length}`);
		this.js = join(dir, scripts[0]);
	}

	/** The core modules, compiled on first use (once per process), and jco's instantiate(). */
	load(): { modules: CoreModules; instantiate: Instantiate } {
		if (!this.compiled) {
			const modules = compileCoreModules(this.dir);
			// jco's output is an ES module without top-level await: require() loads it (Node.js >= 20.19).
			const { instantiate } = require(this.js) as { instantiate: Instantiate };
			this.compiled = { modules, instantiate };
		}
		return this.compiled;
	}

	/** describe(), on this thread: a fresh instance that may not touch anything outside. */
	describe(): unknown {
		const { modules, instantiate } = this.load();
		return instantiateNode(instantiate, modules, inertImports()).node.describe();
	}
}

interface Pending {
	job: Job;
	stopAfterMs: number;
	/** Where the call's requests go; none: the call has no network. */
	sender?: Sender;
	resolve(reply: Reply): void;
	reject(error: Error): void;
}

class PoolWorker {
	readonly thread: Worker;
	readonly answers: MessagePort;
	readonly wakeUp = new Int32Array(new SharedArrayBuffer(4));
	current?: { pending: Pending; timer: NodeJS.Timeout };
	retired = false;

	constructor(component: Component, memoryCapBytes: number, heapMib: number) {
		const { port1, port2 } = new MessageChannel();
		this.answers = port1;
		const data: PoolWorkerData = {
			jsUrl: pathToFileURL(component.js).href,
			modules: component.load().modules,
			memoryCapBytes,
			answers: port2,
			wakeUp: this.wakeUp.buffer as SharedArrayBuffer,
		};
		this.thread = new Worker(WORKER, {
			workerData: data,
			transferList: [port2],
			// No environment variables reach the component (n8n's own secrets live there).
			env: {},
			resourceLimits: { maxOldGenerationSizeMb: heapMib, maxYoungGenerationSizeMb: Math.min(64, heapMib / 4) },
		});
		this.answers.unref();
	}

	/** Posts an HTTP answer and wakes the worker. */
	answer(id: number, response: WireResponse): void {
		const transfer = response.ok ? [response.body.buffer as ArrayBuffer] : [];
		const message: HttpAnswer = { id, response };
		this.answers.postMessage(message, transfer);
		Atomics.add(this.wakeUp, 0, 1);
		Atomics.notify(this.wakeUp, 0);
	}
}

const DENIED: WireResponse = { ok: false, code: { tag: 'HTTP-request-denied' } };

/** A small pool of long-lived worker threads for one component; calls queue when all are busy. */
export class ComponentPool {
	private readonly idle: PoolWorker[] = [];
	private readonly queue: Pending[] = [];
	private workers = 0;
	private nextId = 1;

	constructor(
		readonly component: Component,
		readonly limits: PoolLimits = poolLimits(),
	) {}

	/**
	 * Runs `call` on a worker, its requests sent by `sender` (none: every
	 * request refused); rejects (ComponentCrash) when it has not answered
	 * within `stopAfterMs`, the worker then replaced. The reply is not
	 * scrubbed: the caller does that.
	 */
	run(call: Call, stopAfterMs: number, sender?: Sender): Promise<Reply> {
		return new Promise((resolve, reject) => {
			this.queue.push({ job: { id: this.nextId++, call }, stopAfterMs, sender, resolve, reject });
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
		const worker = new PoolWorker(this.component, this.limits.memoryCapBytes, this.limits.heapMib);
		this.workers++;
		worker.thread.on('message', (message: WorkerMessage) => {
			if (message.type === 'http') this.request(worker, message.job, message.id, message.request);
			else this.answered(worker, message.id, message.reply, message.replace);
		});
		worker.thread.on('error', (error) => this.lost(worker, `the component's worker failed: ${error.message}`));
		worker.thread.on('exit', (code) => this.lost(worker, `the component's worker exited (code ${code}) without answering`));
		// A worker never keeps n8n (or `n8n execute`) running by itself; while
		// it has a call, the call's deadline timer keeps the process alive.
		// (After the listeners: adding a 'message' listener refs the worker again.)
		worker.thread.unref();
		return worker;
	}

	/** One HTTP request of the worker's current call, sent by the call's sender. */
	private request(worker: PoolWorker, job: number, id: number, request: WireRequest): void {
		const pending = worker.current?.pending;
		const sender = pending?.job.id === job ? pending.sender : undefined;
		const sent = sender ? sender(request) : Promise.resolve(DENIED);
		void sent
			.catch((error: unknown): WireResponse => ({ ok: false, code: { tag: 'internal-error', val: (error as Error)?.message ?? String(error) } }))
			.then((response) => {
				// A call that ended (deadline, crash) has its worker gone: nobody to answer.
				if (worker.retired || worker.current?.pending.job.id !== job) return;
				try {
					worker.answer(id, response);
				} catch (error) {
					// An answer that cannot be posted (not cloneable): the request fails, the call goes on.
					worker.answer(id, { ok: false, code: { tag: 'internal-error', val: `the answer could not be passed to the component: ${(error as Error).message}` } });
				}
			});
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

	private answered(worker: PoolWorker, id: number, reply: Reply, replace: boolean): void {
		const current = worker.current;
		if (!current || current.pending.job.id !== id) return;
		clearTimeout(current.timer);
		worker.current = undefined;
		if (replace) {
			this.retire(worker);
		} else {
			this.idle.push(worker);
		}
		current.pending.resolve(reply);
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
		worker.answers.close();
		void worker.thread.terminate();
		this.workers--;
		if (this.queue.length > 0 || this.workers < this.limits.size) {
			this.idle.push(this.spawn());
			this.dispatch();
		}
	}
}
