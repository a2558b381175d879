// What n8n's main thread and a pooled worker thread say to each other.
import type { HttpGrant } from './host/credentials';
import type { CoreModules } from './host/instantiate';
import type { Call, Reply } from './host/node';

export type { Call, Reply };

/** Given to each pooled worker once, when it starts. */
export interface PoolWorkerData {
	/** The transpiled component's JS (jco, sync instantiation mode). */
	jsUrl: string;
	/** Its core modules, compiled once by the main thread. */
	modules: CoreModules;
	/** The component's linear memory cap, in bytes. */
	memoryCapBytes: number;
	/** Each HTTP request's bound (connect, first byte, between bytes), in ms. */
	requestTimeoutMs: number;
}

/** One call for a worker. */
export interface Job {
	id: number;
	call: Call;
	/** Where the component's requests may go and the headers the host adds; none: no network. */
	grant?: HttpGrant;
	/** The call's secret values, scrubbed from the reply before it leaves the worker. */
	secrets: string[];
}

/** A worker's answer to a job. */
export interface JobReply {
	id: number;
	reply: Reply;
	/** The instance trapped or broke a limit: the main thread replaces this worker. */
	replace: boolean;
}
