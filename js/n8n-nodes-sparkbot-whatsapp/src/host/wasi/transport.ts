// What the host's WASI needs from whoever carries the component's HTTP:
// start a request, and later find its answer; and a way for a blocked guest
// to sleep until something may have changed. The component runs
// synchronously, so the transport answers on another thread (the n8n
// package: n8n's main thread, through its request helper) and the guest's
// thread sleeps on it.

/** A wasi:http error-code, as jco passes it to the guest (WASI's own type, as jco renders it). */
export type { ErrorCode as HttpErrorCode } from '../../../component/interfaces/wasi-http-types.js' with { 'resolution-mode': 'import' };
import type { ErrorCode as HttpErrorCode } from '../../../component/interfaces/wasi-http-types.js' with { 'resolution-mode': 'import' };

/** One request, whole: the guest has finished its body before it is sent. */
export interface WireRequest {
	method: string;
	url: string;
	headers: [string, string][];
	body?: Uint8Array;
	/** The longest timeout the guest set in its request-options, in ms; none: the host's bound alone. */
	timeoutMs?: number;
}

/** A request's outcome: the whole answer (the transport read the body, within its cap), or why there is none. */
export type WireResponse =
	| { ok: true; status: number; headers: [string, string][]; body: Uint8Array }
	| { ok: false; code: HttpErrorCode };

/** Carries requests for a component that runs synchronously. */
export interface SyncTransport {
	/** Starts `request`; the number names it in `take`. */
	send(request: WireRequest): number;
	/** The answer to request `id` once it has come (given once), else undefined. */
	take(id: number): WireResponse | undefined;
	/** Forgets request `id`: its answer, if one comes, is dropped. */
	forget(id: number): void;
	/** Sleeps until an answer may have come, or `timeoutMs` has passed (none: no limit). */
	wait(timeoutMs?: number): void;
}
