// What n8n's main thread and a pooled worker thread say to each other. The
// worker runs the component; its HTTP requests come to the main thread,
// which sends them through n8n and answers on the worker's own port,
// waking it (the component is blocked in a synchronous call meanwhile).
import type { MessagePort } from 'node:worker_threads';
import type { CoreModules } from './host/instantiate';
import type { Call, Reply } from './host/node';
import type { WireRequest, WireResponse } from './host/wasi';

export type { Call, Reply };

/** Given to each pooled worker once, when it starts. */
export interface PoolWorkerData {
	/** The transpiled component's JS (jco, sync instantiation mode). */
	jsUrl: string;
	/** Its core modules, compiled once by the main thread. */
	modules: CoreModules;
	/** The component's linear memory cap, in bytes. */
	memoryCapBytes: number;
	/** Where the main thread posts HTTP answers (read synchronously by the worker). */
	answers: MessagePort;
	/** Bumped, and notified, after each answer posted: what the worker sleeps on. */
	wakeUp: SharedArrayBuffer;
}

/** One call for a worker. */
export interface Job {
	id: number;
	call: Call;
}

/** From a worker: its answer to a job, or an HTTP request of the job's call. */
export type WorkerMessage =
	| {
			type: 'reply';
			id: number;
			/** Not yet scrubbed of the secrets: the main thread does that. */
			reply: Reply;
			/** The instance trapped or broke a limit: the main thread replaces this worker. */
			replace: boolean;
	  }
	| { type: 'http'; job: number; id: number; request: WireRequest };

/** From the main thread, on the worker's answers port. */
export interface HttpAnswer {
	id: number;
	response: WireResponse;
}
