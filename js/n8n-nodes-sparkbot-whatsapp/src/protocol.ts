// What n8n's main thread and the component's worker thread say to each other.
import type { Credentials, ExecuteSettings, InputItem, NodeError } from './component';

export type Call =
	| { op: 'describe' }
	| { op: 'loadOptions'; method: string; credentials: Credentials; parameters: string }
	| { op: 'execute'; credentials: Credentials; items: InputItem[]; settings: ExecuteSettings };

export type Reply =
	| { ok: true; value: unknown }
	/** The component returned its own error (the WIT `err` case). */
	| { ok: false; nodeError: NodeError }
	/** The component trapped, or could not be loaded. */
	| { ok: false; crash: string };

export interface WorkerInput {
	componentUrl: string;
	call: Call;
	/** The one origin the component may reach (policy.ts); none: no network. */
	allowedOrigin?: string;
	/** For a synchronous call: a flag to raise and a port to answer on. */
	sync?: { flag: SharedArrayBuffer; port: import('node:worker_threads').MessagePort };
}
