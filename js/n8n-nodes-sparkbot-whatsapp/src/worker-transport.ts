// The worker's side of the component's HTTP: a request goes to the main
// thread as a message; its answer comes back on the worker's own port,
// which the worker reads synchronously while it sleeps on a shared counter
// the main thread bumps after each answer.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { SyncTransport, WireRequest, WireResponse } from './host/wasi';
import type { HttpAnswer, WorkerMessage } from './protocol';

export class WorkerTransport implements SyncTransport {
	private next = 1;
	private readonly answers = new Map<number, WireResponse>();
	private readonly forgotten = new Set<number>();
	private readonly counter: Int32Array;
	/** The job whose requests these are. */
	job = 0;

	constructor(
		private readonly post: (message: WorkerMessage, transfer: ArrayBuffer[]) => void,
		private readonly port: MessagePort,
		wakeUp: SharedArrayBuffer,
	) {
		this.counter = new Int32Array(wakeUp);
	}

	send(request: WireRequest): number {
		const id = this.next++;
		const transfer = request.body ? [request.body.buffer as ArrayBuffer] : [];
		this.post({ type: 'http', job: this.job, id, request }, transfer);
		return id;
	}

	take(id: number): WireResponse | undefined {
		this.drain();
		const answer = this.answers.get(id);
		if (answer !== undefined) this.answers.delete(id);
		return answer;
	}

	forget(id: number): void {
		if (!this.answers.delete(id)) this.forgotten.add(id);
	}

	wait(timeoutMs?: number): void {
		const seen = Atomics.load(this.counter, 0);
		if (this.drain()) return;
		Atomics.wait(this.counter, 0, seen, timeoutMs ?? Infinity);
		this.drain();
	}

	/** Reads every answer waiting on the port; true if there was one. */
	private drain(): boolean {
		let any = false;
		for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
			const { id, response } = m.message as HttpAnswer;
			any = true;
			if (this.forgotten.delete(id)) continue;
			this.answers.set(id, response);
		}
		return any;
	}
}
