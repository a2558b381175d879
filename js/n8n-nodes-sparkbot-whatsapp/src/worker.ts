// Runs one call of the component on a worker thread. The component's HTTP is
// synchronous (preview2-shim blocks its caller until a second worker has the
// answer), so it must never run on n8n's main thread, whose event loop would
// freeze for the whole request. The host layer does the rest: the gate on
// the component's HTTP (confined to the grant's origin, the credential's
// headers set by the host) and the reply scrubbed of the secrets.
import { parentPort, workerData } from 'node:worker_threads';
import { gateForComponent } from './host/http';
import { runCall, type NodeExports, type Reply } from './host/node';
import { Redactor } from './host/redact';
import type { WorkerInput } from './protocol';

async function run(input: WorkerInput): Promise<Reply> {
	try {
		// The gate goes in before the component is imported (jco's code takes
		// the handler once). The worker is started with an empty environment
		// (see client.ts), so the component, which imports
		// wasi:cli/environment, sees no variables.
		const gate = await gateForComponent(input.componentUrl);
		const component = (await import(input.componentUrl)) as { node: NodeExports };
		return runCall(component.node, gate, input.call, input.grant, input.secrets ?? []);
	} catch (error) {
		// Loading failed: no secret has reached the component yet, but scrub anyway.
		const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		return { ok: false, crash: new Redactor(input.secrets ?? []).text(text) };
	}
}

void run(workerData as WorkerInput).then((reply) => {
	const input = workerData as WorkerInput;
	if (input.sync) {
		input.sync.port.postMessage(reply);
		const flag = new Int32Array(input.sync.flag);
		Atomics.store(flag, 0, 1);
		Atomics.notify(flag, 0);
	} else {
		parentPort?.postMessage(reply);
	}
});
