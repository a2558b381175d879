// Runs one call of the component on a worker thread. The component's HTTP is
// synchronous (preview2-shim blocks its caller until a second worker has the
// answer), so it must never run on n8n's main thread, whose event loop would
// freeze for the whole request.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { requestAllowed, type Scheme } from './policy';
import type { Reply, WorkerInput } from './protocol';

interface OutgoingRequest {
	scheme(): Scheme;
	authority(): string | undefined;
}

/**
 * Puts the network policy in front of preview2-shim's wasi:http handler, in
 * the very module instance the component imports (resolved from the
 * component's own folder), before the component is loaded.
 */
async function confineHttp(componentUrl: string, allowed: string | undefined) {
	const shim = createRequire(componentUrl).resolve('@bytecodealliance/preview2-shim/http');
	const http = (await import(pathToFileURL(shim).href)) as {
		outgoingHandler: { handle(request: OutgoingRequest, options: unknown): unknown };
	};
	const send = http.outgoingHandler.handle.bind(http.outgoingHandler);
	http.outgoingHandler.handle = (request, options) => {
		if (!requestAllowed(request.scheme(), request.authority(), allowed)) {
			// wasi:http's error-code; the component reports it as denied-by-host.
			throw { tag: 'HTTP-request-denied' };
		}
		return send(request, options);
	};
}

interface ComponentModule {
	node: {
		describe(): unknown;
		loadOptions(...args: unknown[]): unknown;
		execute(...args: unknown[]): unknown;
	};
}

function isNodeError(payload: unknown): boolean {
	return typeof payload === 'object' && payload !== null && 'kind' in payload && 'message' in payload;
}

async function run(input: WorkerInput): Promise<Reply> {
	try {
		// The worker is started with an empty environment (see client.ts), so
		// the component, which imports wasi:cli/environment, sees no variables.
		await confineHttp(input.componentUrl, input.allowedOrigin);
		const component = (await import(input.componentUrl)) as ComponentModule;
		const { call } = input;
		switch (call.op) {
			case 'describe':
				return { ok: true, value: component.node.describe() };
			case 'loadOptions':
				return { ok: true, value: component.node.loadOptions(call.method, call.credentials, call.parameters) };
			case 'execute':
				return { ok: true, value: component.node.execute(call.credentials, call.items, call.settings) };
		}
	} catch (error) {
		const payload = (error as { payload?: unknown }).payload;
		if (isNodeError(payload)) return { ok: false, nodeError: payload as Extract<Reply, { nodeError: unknown }>['nodeError'] };
		return { ok: false, crash: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
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
