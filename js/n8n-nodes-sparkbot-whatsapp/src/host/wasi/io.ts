// wasi:io (poll, streams, error) for a host that runs the component
// synchronously: a pollable is a readiness test, and blocking on it sleeps
// on the transport (which an answer or a timer's end wakes).
import type { SyncTransport } from './transport';

/** The symbol jco calls when the guest drops a resource. */
export const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

/** Throws `value` as the `err` of a WIT result (jco reads `payload`). */
export function fail(value: unknown): never {
	throw { payload: value };
}

/** wasi:io/error `error`: a debug text and nothing else. */
export class IoError {
	constructor(private readonly text: string) {}
	toDebugString(): string {
		return this.text;
	}
}

/** The nanosecond clock every pollable deadline is on. */
export const nowNs = (): bigint => process.hrtime.bigint();

/** wasi:io/poll `pollable`: ready when `isReady()` says so; `deadlineNs` bounds a sleep. */
export class Pollable {
	constructor(
		private readonly transport: SyncTransport,
		private readonly isReady: () => boolean,
		readonly deadlineNs?: bigint,
	) {}

	ready(): boolean {
		return this.isReady();
	}

	block(): void {
		poll(this.transport, [this]);
	}
}

/** Sleeps until one of `pollables` is ready; their indices. */
export function poll(transport: SyncTransport, pollables: Pollable[]): Uint32Array {
	if (pollables.length === 0) fail(undefined);
	for (;;) {
		const ready = pollables.flatMap((p, i) => (p.ready() ? [i] : []));
		if (ready.length > 0) return Uint32Array.from(ready);
		const deadlines = pollables.flatMap((p) => (p.deadlineNs === undefined ? [] : [p.deadlineNs]));
		if (deadlines.length === 0) {
			transport.wait();
		} else {
			const soonest = deadlines.reduce((a, b) => (a < b ? a : b));
			transport.wait(Math.max(0, Number(soonest - nowNs()) / 1e6));
		}
	}
}

/** `chunks` in one fresh buffer of its own (never Node's shared pool: it may be transferred to another thread). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}

/** wasi:io/streams `input-stream` over bytes already here (an answer's body, an empty stdin). */
export class InputStream {
	private offset = 0;

	constructor(
		private readonly transport: SyncTransport,
		private readonly bytes: Uint8Array = new Uint8Array(0),
	) {}

	read(len: bigint): Uint8Array {
		if (this.offset >= this.bytes.length) fail({ tag: 'closed' });
		const end = Math.min(this.bytes.length, this.offset + Number(len > 0x7fffffffn ? 0x7fffffffn : len));
		const chunk = this.bytes.slice(this.offset, end);
		this.offset = end;
		return chunk;
	}

	blockingRead(len: bigint): Uint8Array {
		return this.read(len);
	}

	skip(len: bigint): bigint {
		return BigInt(this.read(len).length);
	}

	blockingSkip(len: bigint): bigint {
		return this.skip(len);
	}

	subscribe(): Pollable {
		return new Pollable(this.transport, () => true);
	}
}

/** The most a write may carry, as check-write tells the guest. */
const WRITE_PERMIT = 1024n * 1024n;

/** wasi:io/streams `output-stream` into `sink` (a request's body; stdout and stderr, dropped). */
export class OutputStream {
	private closed = false;

	constructor(
		private readonly transport: SyncTransport,
		private readonly sink: (bytes: Uint8Array) => void,
	) {}

	/** No more writes (the body was finished). */
	close(): void {
		this.closed = true;
	}

	checkWrite(): bigint {
		if (this.closed) fail({ tag: 'closed' });
		return WRITE_PERMIT;
	}

	write(contents: Uint8Array): void {
		if (this.closed) fail({ tag: 'closed' });
		if (BigInt(contents.length) > WRITE_PERMIT) fail({ tag: 'last-operation-failed', val: new IoError('write larger than check-write allowed') });
		this.sink(contents.slice());
	}

	blockingWriteAndFlush(contents: Uint8Array): void {
		this.write(contents);
	}

	flush(): void {
		if (this.closed) fail({ tag: 'closed' });
	}

	blockingFlush(): void {
		this.flush();
	}

	writeZeroes(len: bigint): void {
		this.write(new Uint8Array(Number(len)));
	}

	blockingWriteZeroesAndFlush(len: bigint): void {
		this.writeZeroes(len);
	}

	subscribe(): Pollable {
		return new Pollable(this.transport, () => true);
	}
}
