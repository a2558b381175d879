// A pooled worker thread: it loads the transpiled component's JS once,
// takes the core modules the main thread compiled, and runs each call it
// is sent on a fresh instance (nothing carries over between calls). The
// component's WASI is this package's own (host/wasi): its HTTP requests go
// to the main thread, which sends them through n8n, while this thread
// sleeps. The worker never holds a secret: n8n adds the credential, and
// the main thread scrubs the reply. While idle, the worker makes the next
// call's instance ahead of time (jco's glue takes tens of milliseconds to
// build one), so a call does not wait for it.
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateNode, MemoryLimitError, wasiImports, type Instantiate, type NodeInstance } from './host/instantiate';
import { invoke, type Reply } from './host/node';
import { createWasi } from './host/wasi';
import type { Job, PoolWorkerData, WorkerMessage } from './protocol';
import { WorkerTransport } from './worker-transport';

const data = workerData as PoolWorkerData;
const port = parentPort!;
const transport = new WorkerTransport((message, transfer) => port.postMessage(message, transfer), data.answers, data.wakeUp);
const imports = wasiImports(createWasi(transport));

async function load(): Promise<Instantiate> {
	return ((await import(data.jsUrl)) as { instantiate: Instantiate }).instantiate;
}

const loading = load();
let spare: NodeInstance | undefined;

/** A new instance of the component, under the memory cap. */
const make = (instantiate: Instantiate): NodeInstance => instantiateNode(instantiate, data.modules, imports, data.memoryCapBytes);

function fresh(instantiate: Instantiate): NodeInstance {
	const instance = spare ?? make(instantiate);
	spare = undefined;
	return instance;
}

async function serve(job: Job): Promise<WorkerMessage> {
	let instance: NodeInstance;
	try {
		instance = fresh(await loading);
	} catch (error) {
		const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { type: 'reply', id: job.id, reply: { ok: false, crash: `the component could not be loaded: ${text}` }, replace: true };
	}
	transport.job = job.id;
	let reply: Reply = invoke(instance.node, job.call);
	if (instance.memoryBytes() > data.memoryCapBytes) {
		reply = { ok: false, crash: new MemoryLimitError(instance.memoryBytes(), data.memoryCapBytes).message };
	}
	return { type: 'reply', id: job.id, reply, replace: !reply.ok && 'crash' in reply };
}

port.on('message', (job: Job) => {
	void serve(job).then((answer) => {
		port.postMessage(answer);
		if (answer.type === 'reply' && !answer.replace) {
			// The next call's instance, made once this answer is on its way.
			setImmediate(() => {
				void loading.then((instantiate) => {
					try {
						spare ??= make(instantiate);
					} catch {
						// Made again, and the failure reported, when a call needs it.
					}
				});
			});
		}
	});
});
