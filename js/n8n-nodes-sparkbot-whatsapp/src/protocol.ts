// What n8n's main thread and the component's worker thread say to each other.
import type { HttpGrant } from './host/credentials';
import type { Call, Reply } from './host/node';

export type { Call, Reply };

export interface WorkerInput {
	componentUrl: string;
	call: Call;
	/** Where the component's requests may go and the headers the host adds; none: no network. */
	grant?: HttpGrant;
	/** The call's secret values, scrubbed from the reply before it leaves the worker. */
	secrets?: string[];
	/** For a synchronous call: a flag to raise and a port to answer on. */
	sync?: { flag: SharedArrayBuffer; port: import('node:worker_threads').MessagePort };
}
