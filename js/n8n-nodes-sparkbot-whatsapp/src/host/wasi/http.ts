// wasi:http (types, outgoing-handler) on a SyncTransport: the guest builds a
// request, `handle` takes it, and once its body is finished the whole
// request goes to the transport; the answer comes back whole and the guest
// reads its body as a stream. The host's policy (where a request may go,
// the credential, the limits) belongs to the transport's other end.
import { concatBytes, DISPOSE, fail, InputStream, OutputStream, Pollable } from './io';
import type { HttpErrorCode, SyncTransport, WireResponse } from './transport';

type Method = { tag: string; val?: string };
type Scheme = { tag: 'HTTP' } | { tag: 'HTTPS' } | { tag: 'other'; val: string };
type Result<T, E> = { tag: 'ok'; val: T } | { tag: 'err'; val: E };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);
/** Header bytes as text and back, one character per byte (HTTP's Latin-1), so nothing is re-encoded. */
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** The HTTP types and handler of one WASI host, on `transport`. */
export function wasiHttp(transport: SyncTransport): { types: Record<string, unknown>; outgoingHandler: Record<string, unknown> } {
	class Fields {
		private list: [string, Uint8Array][] = [];
		private immutable = false;

		static fromList(entries: [string, Uint8Array][]): Fields {
			const fields = new Fields();
			for (const [name, value] of entries) fields.append(name, value);
			return fields;
		}

		/** Fields the guest may no longer change (a request's or an answer's). */
		static locked(entries: [string, Uint8Array][]): Fields {
			const fields = new Fields();
			fields.list = entries;
			fields.immutable = true;
			return fields;
		}

		lock(): this {
			this.immutable = true;
			return this;
		}

		private mutable(): void {
			if (this.immutable) fail({ tag: 'immutable' });
		}

		private static check(name: string, value?: Uint8Array): void {
			if (!TOKEN.test(name)) fail({ tag: 'invalid-syntax' });
			if (FORBIDDEN.has(name.toLowerCase())) fail({ tag: 'forbidden' });
			if (value && value.some((b) => b === 0x0a || b === 0x0d || b === 0x00)) fail({ tag: 'invalid-syntax' });
		}

		get(name: string): Uint8Array[] {
			const lower = name.toLowerCase();
			return this.list.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v.slice());
		}

		has(name: string): boolean {
			return this.get(name).length > 0;
		}

		set(name: string, values: Uint8Array[]): void {
			this.mutable();
			Fields.check(name);
			for (const value of values) Fields.check(name, value);
			this.delete(name);
			for (const value of values) this.list.push([name, value.slice()]);
		}

		delete(name: string): void {
			this.mutable();
			const lower = name.toLowerCase();
			this.list = this.list.filter(([n]) => n.toLowerCase() !== lower);
		}

		append(name: string, value: Uint8Array): void {
			this.mutable();
			Fields.check(name, value);
			this.list.push([name, value.slice()]);
		}

		entries(): [string, Uint8Array][] {
			return this.list.map(([n, v]) => [n, v.slice()]);
		}

		clone(): Fields {
			return Fields.fromList(this.list);
		}

		/** As text, for the transport. */
		text(): [string, string][] {
			return this.list.map(([n, v]) => [n, latin1(v)]);
		}
	}

	class RequestOptions {
		private connect?: bigint;
		private firstByte?: bigint;
		private betweenBytes?: bigint;
		connectTimeout(): bigint | undefined {
			return this.connect;
		}
		setConnectTimeout(ns: bigint | undefined): void {
			this.connect = ns;
		}
		firstByteTimeout(): bigint | undefined {
			return this.firstByte;
		}
		setFirstByteTimeout(ns: bigint | undefined): void {
			this.firstByte = ns;
		}
		betweenBytesTimeout(): bigint | undefined {
			return this.betweenBytes;
		}
		setBetweenBytesTimeout(ns: bigint | undefined): void {
			this.betweenBytes = ns;
		}
		/** The longest timeout set, in whole ms rounded up (at least 1: a zero would mean none to n8n). */
		longestMs(): number | undefined {
			const set = [this.connect, this.firstByte, this.betweenBytes].filter((t): t is bigint => t !== undefined);
			if (set.length === 0) return undefined;
			const ns = set.reduce((a, b) => (a > b ? a : b));
			return Math.max(1, Number((ns + 999_999n) / 1_000_000n));
		}
	}

	/** A request's body as the guest writes it; `done` once finished. */
	class OutgoingBody {
		readonly chunks: Uint8Array[] = [];
		private stream?: OutputStream;
		finished = false;
		onFinish?: () => void;
		onAbandon?: () => void;

		write(): OutputStream {
			if (this.stream) fail(undefined);
			this.stream = new OutputStream(transport, (bytes) => this.chunks.push(bytes));
			return this.stream;
		}

		static finish(body: OutgoingBody, trailers: Fields | undefined): void {
			if (trailers !== undefined) {
				// The body is gone either way: its request fails rather than waiting forever.
				body.onAbandon?.();
				body.onAbandon = undefined;
				fail({ tag: 'internal-error', val: 'this host sends no request trailers' });
			}
			body.finished = true;
			body.stream?.close();
			body.onFinish?.();
		}

		[DISPOSE](): void {
			if (!this.finished) this.onAbandon?.();
		}

		bytes(): Uint8Array | undefined {
			const body = concatBytes(this.chunks);
			return body.length === 0 ? undefined : body;
		}
	}

	class OutgoingRequest {
		private methodValue: Method = { tag: 'get' };
		private path?: string;
		private schemeValue?: Scheme;
		private authorityValue?: string;
		private bodyValue?: OutgoingBody;
		private bodyTaken = false;

		constructor(private readonly headerFields: Fields) {
			headerFields.lock();
		}

		body(): OutgoingBody {
			if (this.bodyTaken) fail(undefined);
			this.bodyTaken = true;
			this.bodyValue = new OutgoingBody();
			return this.bodyValue;
		}
		method(): Method {
			return this.methodValue;
		}
		setMethod(method: Method): void {
			if (method.tag === 'other' && !TOKEN.test(method.val ?? '')) fail(undefined);
			this.methodValue = method;
		}
		pathWithQuery(): string | undefined {
			return this.path;
		}
		setPathWithQuery(path: string | undefined): void {
			if (path !== undefined && /[\s\x00-\x1f\x7f]/.test(path)) fail(undefined);
			this.path = path;
		}
		scheme(): Scheme | undefined {
			return this.schemeValue;
		}
		setScheme(scheme: Scheme | undefined): void {
			this.schemeValue = scheme;
		}
		authority(): string | undefined {
			return this.authorityValue;
		}
		setAuthority(authority: string | undefined): void {
			if (authority !== undefined && /[\s/?#@\x00-\x1f\x7f]/.test(authority)) fail(undefined);
			this.authorityValue = authority;
		}
		headers(): Fields {
			return this.headerFields;
		}

		/** The request's URL (no scheme: https, as WASI lets the host choose), or undefined if its scheme is not http(s) or it has no authority. */
		url(): string | undefined {
			const tag = this.schemeValue?.tag ?? 'HTTPS';
			const scheme = tag === 'HTTP' ? 'http' : tag === 'HTTPS' ? 'https' : undefined;
			if (scheme === undefined || !this.authorityValue) return undefined;
			const path = this.path ?? '/';
			return `${scheme}://${this.authorityValue}${path.startsWith('/') ? path : `/${path}`}`;
		}

		methodName(): string {
			return this.methodValue.tag === 'other' ? (this.methodValue.val ?? '') : this.methodValue.tag.toUpperCase();
		}

		pendingBody(): OutgoingBody | undefined {
			return this.bodyValue;
		}
	}

	class IncomingBody {
		private streamTaken = false;
		constructor(private readonly bytes: Uint8Array) {}
		stream(): InputStream {
			if (this.streamTaken) fail(undefined);
			this.streamTaken = true;
			return new InputStream(transport, this.bytes);
		}
		static finish(_body: IncomingBody): FutureTrailers {
			return new FutureTrailers();
		}
	}

	class FutureTrailers {
		private taken = false;
		subscribe(): Pollable {
			return new Pollable(transport, () => true);
		}
		get(): Result<Result<Fields | undefined, HttpErrorCode>, undefined> | undefined {
			if (this.taken) return { tag: 'err', val: undefined };
			this.taken = true;
			return { tag: 'ok', val: { tag: 'ok', val: undefined } };
		}
	}

	class IncomingResponse {
		private consumed = false;
		constructor(private readonly answer: Extract<WireResponse, { ok: true }>) {}
		status(): number {
			return this.answer.status;
		}
		headers(): Fields {
			return Fields.locked(this.answer.headers.map(([n, v]) => [n, bytesOf(v)]));
		}
		consume(): IncomingBody {
			if (this.consumed) fail(undefined);
			this.consumed = true;
			return new IncomingBody(this.answer.body);
		}
	}

	/** An answer to come: from the transport once sent, or an error the host decided here. */
	class FutureIncomingResponse {
		private id?: number;
		private outcome?: WireResponse;
		private taken = false;

		/** Sent now, or once the body is finished. */
		static start(request: OutgoingRequest, options: RequestOptions | undefined): FutureIncomingResponse {
			const future = new FutureIncomingResponse();
			const url = request.url();
			if (url === undefined) {
				future.outcome = { ok: false, code: { tag: 'HTTP-request-URI-invalid' } };
				return future;
			}
			const send = (body?: Uint8Array) => {
				future.id = transport.send({ method: request.methodName(), url, headers: request.headers().text(), body, timeoutMs: options?.longestMs() });
			};
			const body = request.pendingBody();
			if (body === undefined || body.finished) {
				send(body?.bytes());
			} else {
				body.onFinish = () => send(body.bytes());
				body.onAbandon = () => {
					future.outcome = { ok: false, code: { tag: 'internal-error', val: 'the request body was dropped before it was finished' } };
				};
			}
			return future;
		}

		private settle(): WireResponse | undefined {
			if (this.outcome === undefined && this.id !== undefined) this.outcome = transport.take(this.id);
			return this.outcome;
		}

		subscribe(): Pollable {
			return new Pollable(transport, () => this.settle() !== undefined);
		}

		get(): Result<Result<IncomingResponse, HttpErrorCode>, undefined> | undefined {
			if (this.taken) return { tag: 'err', val: undefined };
			const outcome = this.settle();
			if (outcome === undefined) return undefined;
			this.taken = true;
			return { tag: 'ok', val: outcome.ok ? { tag: 'ok', val: new IncomingResponse(outcome) } : { tag: 'err', val: outcome.code } };
		}

		[DISPOSE](): void {
			if (this.id !== undefined && this.outcome === undefined) transport.forget(this.id);
		}
	}

	return {
		types: { Fields, RequestOptions, OutgoingBody, OutgoingRequest, IncomingBody, FutureTrailers, IncomingResponse, FutureIncomingResponse },
		outgoingHandler: {
			handle: (request: OutgoingRequest, options: RequestOptions | undefined) => FutureIncomingResponse.start(request, options),
		},
	};
}
