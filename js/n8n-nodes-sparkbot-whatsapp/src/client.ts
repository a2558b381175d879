// n8n's side of the worker: one fresh worker thread per call (as the Rust
// host uses a fresh store per call), so a trap or a hung request cannot
// poison the next call, and the main thread's event loop keeps running.
import { MessageChannel, receiveMessageOnPort, Worker, type TransferListItem } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HttpGrant } from './host/credentials';
import type { Call, Reply, WorkerInput } from './protocol';

/** The transpiled component, shipped in the package's component/ folder. */
export function componentUrl(): string {
	return pathToFileURL(join(__dirname, '..', 'component', 'sparkbot_whatsapp.js')).href;
}

const WORKER = join(__dirname, 'worker.js');

/** The component could not answer: it trapped, failed to load, or ran past the deadline. */
export class ComponentCrash extends Error {}

function startWorker(input: WorkerInput, transfer: TransferListItem[] = []): Worker {
	return new Worker(WORKER, {
		workerData: input,
		transferList: transfer,
		// No environment variables reach the component (n8n's own secrets live there).
		env: {},
	});
}

/**
 * Runs one call on a worker thread, its HTTP under `grant` and its reply
 * scrubbed of `secrets`; the promise settles when the worker answers, or
 * rejects (ComponentCrash) when it has not answered within `stopAfterMs`.
 */
export function callComponent(call: Call, stopAfterMs: number, grant?: HttpGrant, secrets: string[] = []): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const worker = startWorker({ componentUrl: componentUrl(), call, grant, secrets });
		let settled = false;
		const finish = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			void worker.terminate();
			outcome();
		};
		const timer = setTimeout(
			() => finish(() => reject(new ComponentCrash(`the component did not answer within ${stopAfterMs} ms`))),
			stopAfterMs,
		);
		worker.once('message', (reply: Reply) => finish(() => resolve(reply)));
		worker.once('error', (error) => finish(() => reject(new ComponentCrash(`the component's worker failed: ${error.message}`))));
		worker.once('exit', (code) =>
			finish(() => reject(new ComponentCrash(`the component's worker exited (code ${code}) without answering`))),
		);
	});
}

/**
 * Runs one call synchronously: for describe(), which n8n needs while it loads
 * the node class. Blocks the calling thread until the worker answers (once,
 * at load time, for a call that does no I/O).
 */
export function callComponentSync(call: Call, deadlineMs: number): Reply {
	const flag = new SharedArrayBuffer(4);
	const { port1, port2 } = new MessageChannel();
	const worker = startWorker({ componentUrl: componentUrl(), call, sync: { flag, port: port2 } }, [port2]);
	try {
		const state = Atomics.wait(new Int32Array(flag), 0, 0, deadlineMs);
		const message = receiveMessageOnPort(port1);
		if (!message) throw new ComponentCrash(`the component did not answer describe() within ${deadlineMs} ms (${state})`);
		return message.message as Reply;
	} finally {
		port1.close();
		void worker.terminate();
	}
}
