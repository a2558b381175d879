// The host's hand on the component's HTTP: a gate in front of
// preview2-shim's wasi:http `outgoingHandler.handle`, in the very module
// instance the component imports, installed before the component is loaded
// (jco's generated code takes `handle` once, when it is imported). For each
// request the gate checks the call's grant (HttpGrant: one origin, secrets
// only over https or to loopback), drops the headers the host owns that
// the node set, and adds the host's own, then lets the shim send it.
//
// Headers: the request's fields are locked (immutable) by the time it is
// handed over, and rebuilding the request would lose its body (the body
// stream belongs to the original). preview2-shim's `Fields.entries()`
// returns the list the shim sends from, so the gate edits that list in
// place, then reads it back: if a shim version hands out a copy instead,
// the edit shows missing and the request is refused (fails closed), never
// sent without the host's header or with the node's.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { HttpGrant } from './credentials';
import { requestOrigin, secretsMayTravel, type Scheme } from './policy';
import type { HttpErrorCode } from './wasi';

/** The part of preview2-shim's OutgoingRequest the gate uses. */
export interface ShimRequest {
	scheme(): Scheme;
	authority(): string | undefined;
	headers(): { entries(): [string, Uint8Array][] };
}

/** The part of preview2-shim's `@bytecodealliance/preview2-shim/http` module the gate replaces. */
export interface ShimHttp {
	outgoingHandler: { handle(request: ShimRequest, options: unknown): unknown };
}

export type { HttpErrorCode };

/** What the gate did with one request (for tests and diagnostics; never the header values). */
export interface GateEvent {
	origin?: string;
	verdict: 'sent' | 'denied';
	reason?: string;
}

/** The gate on one shim module: set a grant for a call, revoke it after. */
export interface HttpGate {
	/** The grant of the call about to run (undefined: no network); forgets the last call's events. */
	grant(grant: HttpGrant | undefined): void;
	/** No network from now on, until the next grant. */
	revoke(): void;
	/** What happened to the requests since the last grant (the newest last). */
	readonly events: readonly GateEvent[];
}

const GATE = Symbol.for('workflow-node.http-gate');
const encoder = new TextEncoder();
const decoder = new TextDecoder();

class Gate implements HttpGate {
	private current: HttpGrant | undefined;
	events: GateEvent[] = [];

	grant(grant: HttpGrant | undefined): void {
		this.current = grant;
		this.events = [];
	}

	revoke(): void {
		this.current = undefined;
	}

	/** Checks and rewrites `request`; throws the error-code the guest gets when it may not go. */
	admit(request: ShimRequest): void {
		const grant = this.current;
		const origin = requestOrigin(request.scheme(), request.authority());
		const deny = (reason: string): never => {
			this.events.push({ origin, verdict: 'denied', reason });
			const code: HttpErrorCode = { tag: 'HTTP-request-denied' };
			throw code;
		};
		if (grant === undefined || grant.origin === undefined) deny('no network granted for this call');
		if (origin === undefined || origin !== grant!.origin) deny("not the credential's origin");
		if (grant!.headers.length > 0 && !secretsMayTravel(origin)) {
			deny("the credential's secret would travel in clear text (http:// to a host that is not loopback)");
		}
		if (grant!.owned.length > 0 || grant!.headers.length > 0) setHeaders(request, grant!);
		this.events.push({ origin, verdict: 'sent' });
	}
}

/** Drops the node's headers of the names the host owns, and adds the host's. */
function setHeaders(request: ShimRequest, grant: HttpGrant): void {
	const owned = new Set(grant.owned);
	const entries = request.headers().entries();
	if (!Array.isArray(entries)) throw internal('the HTTP shim gives no header list');
	for (let i = entries.length - 1; i >= 0; i--) {
		if (owned.has(String(entries[i][0]).toLowerCase())) entries.splice(i, 1);
	}
	for (const [name, value] of grant.headers) entries.push([name, encoder.encode(value)]);
	// Read back what the shim will send: exactly the host's value for each owned name.
	const sent = request.headers().entries();
	for (const name of owned) {
		const values = sent.filter(([n]) => String(n).toLowerCase() === name).map(([, v]) => decoder.decode(v));
		const wanted = grant.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
		if (values.length !== wanted.length || values.some((v, i) => v !== wanted[i])) {
			throw internal("the host could not set the credential's header on this request");
		}
	}
}

function internal(message: string): HttpErrorCode {
	return { tag: 'internal-error', val: message };
}

/** A wasi:http `handle` function, as preview2-shim and jco's generated code pass it. */
export type Handle = (request: ShimRequest, options: unknown) => unknown;

/**
 * A gate and the `handle` to give the component in place of `send`: every
 * request is checked against the current grant first. For hosts that pass
 * the component its imports (jco's instantiation mode): nothing is patched.
 */
export function gatedHandle(send: Handle): { gate: HttpGate; handle: Handle } {
	const gate = new Gate();
	return {
		gate,
		handle: (request, options) => {
			gate.admit(request);
			return send(request, options);
		},
	};
}

/**
 * Puts a gate in front of `shim.outgoingHandler.handle` (once per shim
 * module: a second call returns the same gate). Until a grant is given,
 * every request is refused. For a component transpiled as an ES module,
 * which takes `handle` from the shim module itself.
 */
export function installHttpGate(shim: ShimHttp): HttpGate {
	const handler = shim.outgoingHandler as ShimHttp['outgoingHandler'] & { [GATE]?: HttpGate };
	const existing = handler[GATE];
	if (existing) return existing;
	const { gate, handle } = gatedHandle(handler.handle.bind(handler));
	handler.handle = handle;
	Object.defineProperty(handler, GATE, { value: gate, enumerable: false });
	return gate;
}

/**
 * The gate on the preview2-shim that the transpiled component at
 * `componentUrl` imports (resolved from the component's own folder). Call
 * it before importing the component.
 */
export async function gateForComponent(componentUrl: string): Promise<HttpGate> {
	const shimPath = createRequire(componentUrl).resolve('@bytecodealliance/preview2-shim/http');
	const shim = (await import(pathToFileURL(shimPath).href)) as ShimHttp;
	return installHttpGate(shim);
}

/** The part of preview2-shim's RequestOptions the bound uses (durations in nanoseconds). */
interface ShimRequestOptions {
	connectTimeout(): bigint | undefined;
	setConnectTimeout(ns: bigint | undefined): void;
	firstByteTimeout(): bigint | undefined;
	setFirstByteTimeout(ns: bigint | undefined): void;
	betweenBytesTimeout(): bigint | undefined;
	setBetweenBytesTimeout(ns: bigint | undefined): void;
}

/**
 * `send` with every request bounded to `ms` for connecting, the first byte
 * and between bytes: the node may ask for less, never more. `makeOptions`
 * gives a fresh RequestOptions for a request sent without one.
 */
export function boundedHandle(send: Handle, makeOptions: () => unknown, ms: number): Handle {
	const bound = BigInt(ms) * 1_000_000n;
	const clamp = (value: bigint | undefined) => (value === undefined || value > bound ? bound : value);
	return (request, options) => {
		const o = (options ?? makeOptions()) as ShimRequestOptions;
		o.setConnectTimeout(clamp(o.connectTimeout()));
		o.setFirstByteTimeout(clamp(o.firstByteTimeout()));
		o.setBetweenBytesTimeout(clamp(o.betweenBytesTimeout()));
		return send(request, o);
	};
}
