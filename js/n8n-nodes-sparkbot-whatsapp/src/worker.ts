// A pooled worker thread: it loads the transpiled component's JS and
// preview2-shim once, takes the core modules the main thread compiled, and
// runs each call it is sent on a fresh instance (nothing carries over
// between calls). The component's HTTP is synchronous (preview2-shim blocks
// its caller until its own I/O thread has the answer), so it must never run
// on n8n's main thread. While idle, the worker makes the next call's
// instance ahead of time (jco's glue takes tens of milliseconds to build
// one), so a call does not wait for it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { boundedHandle, gatedHandle, type Handle, type HttpGate } from './host/http';
import { instantiateNode, MemoryLimitError, wasiImports, type Instantiate, type NodeInstance, type ShimModules } from './host/instantiate';
import { runCall, type Reply } from './host/node';
import { Redactor } from './host/redact';
import type { Job, JobReply, PoolWorkerData } from './protocol';

const data = workerData as PoolWorkerData;

interface Loaded {
	instantiate: Instantiate;
	imports: Record<string, unknown>;
	gate: HttpGate;
}

/** The packages of WASI the host grants; filesystem and sockets are not among them. */
const GRANTED = ['cli', 'clocks', 'http', 'io', 'random'] as const;

async function load(): Promise<Loaded> {
	const { instantiate } = (await import(data.jsUrl)) as { instantiate: Instantiate };
	const require = createRequire(data.jsUrl);
	const shims: ShimModules = {};
	for (const name of GRANTED) {
		shims[name] = (await import(pathToFileURL(require.resolve(`@bytecodealliance/preview2-shim/${name}`)).href)) as Record<string, unknown>;
	}
	const http = shims.http as { outgoingHandler: { handle: Handle }; types: { RequestOptions: new () => unknown } };
	const send = boundedHandle(http.outgoingHandler.handle.bind(http.outgoingHandler), () => new http.types.RequestOptions(), data.requestTimeoutMs);
	const { gate, handle } = gatedHandle(send);
	return { instantiate, imports: wasiImports(shims, { 'wasi:http/outgoing-handler': { handle } }), gate };
}

const loading = load();
let spare: NodeInstance | undefined;

function fresh(loaded: Loaded): NodeInstance {
	const instance = spare ?? instantiateNode(loaded.instantiate, data.modules, loaded.imports, data.memoryCapBytes);
	spare = undefined;
	return instance;
}

async function serve(job: Job): Promise<JobReply> {
	const redactor = new Redactor(job.secrets);
	let loaded: Loaded;
	let instance: NodeInstance;
	try {
		loaded = await loading;
		instance = fresh(loaded);
	} catch (error) {
		const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { id: job.id, reply: { ok: false, crash: redactor.text(`the component could not be loaded: ${text}`) }, replace: true };
	}
	let reply: Reply = runCall(instance.node, loaded.gate, job.call, job.grant, job.secrets);
	if (instance.memoryBytes() > data.memoryCapBytes) {
		reply = { ok: false, crash: new MemoryLimitError(instance.memoryBytes(), data.memoryCapBytes).message };
	}
	return { id: job.id, reply, replace: !reply.ok && 'crash' in reply };
}

parentPort!.on('message', (job: Job) => {
	void serve(job).then((answer) => {
		parentPort!.postMessage(answer);
		if (!answer.replace) {
			// The next call's instance, made once this answer is on its way.
			setImmediate(() => {
				void loading.then((loaded) => {
					try {
						spare ??= instantiateNode(loaded.instantiate, data.modules, loaded.imports, data.memoryCapBytes);
					} catch {
						// Made again, and the failure reported, when a call needs it.
					}
				});
			});
		}
	});
});
