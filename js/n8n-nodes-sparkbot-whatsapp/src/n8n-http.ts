// A call's requests, sent by n8n: `httpRequestWithAuthentication` with the
// node's credential type, so n8n adds the secrets (the credential's derived
// `authenticate`) and applies its own settings (proxies, TLS); the key never
// leaves n8n's main thread. Before n8n sees a request, the host's policy:
// only the credential's origin, secrets only over https or to loopback, no
// header of a name the credential owns. Then its limits: one bound for each
// request (n8n's timeout, and the same bound again for the answer's body
// between chunks), no redirect followed, a cap on the answer's body.
import type { ICredentialsDecrypted, IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import type { Readable } from 'node:stream';
import type { Sender } from './client';
import type { HttpGrant } from './host/credentials';
import { originOf, secretsMayTravel } from './host/policy';
import { concatBytes, type HttpErrorCode, type WireRequest, type WireResponse } from './host/wasi';

/** The limits n8n's requests are held to; each can be set by the environment variable beside it. */
export interface SendLimits {
	/** Each request's bound: until the answer starts, between its body's chunks, and for the whole request (WORKFLOW_NODE_REQUEST_TIMEOUT_MS); default 30 s, as the Rust host. */
	requestTimeoutMs: number;
	/** The largest answer body read (WORKFLOW_NODE_BODY_MIB); default 16 MiB, as the Rust host. */
	bodyCapBytes: number;
}

/** n8n's functions a sender needs: its request helper, in the context of the node's run. */
export type RequestContext = Pick<IExecuteFunctions | ILoadOptionsFunctions, 'helpers'>;

interface FullResponse {
	body: Readable;
	headers: Record<string, string | string[] | number | undefined>;
	statusCode: number;
}

const fail = (code: HttpErrorCode): WireResponse => ({ ok: false, code });

/** The error-code for an error n8n's helper threw (n8n wraps axios' error; Node's code is on it or its causes). */
export function errorCodeOf(error: unknown): HttpErrorCode {
	const codes: string[] = [];
	let at: unknown = error;
	for (let depth = 0; depth < 5 && typeof at === 'object' && at !== null; depth++) {
		const code = (at as { code?: unknown }).code;
		if (typeof code === 'string') codes.push(code);
		at = (at as { cause?: unknown }).cause;
	}
	for (const code of codes) {
		if (code === 'ECONNREFUSED') return { tag: 'connection-refused' };
		if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') return { tag: 'connection-terminated' };
		if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return { tag: 'connection-timeout' };
		if (code === 'ECONNABORTED' || code === 'ERR_CANCELED') return { tag: 'HTTP-response-timeout' };
		if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { tag: 'DNS-error', val: { rcode: code } };
		if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return { tag: 'TLS-certificate-error' };
		if (/^ERR_SSL|^EPROTO$|^ERR_TLS/.test(code)) return { tag: 'TLS-protocol-error' };
		if (code.startsWith('HPE_')) return { tag: 'HTTP-protocol-error' };
	}
	const message = error instanceof Error ? error.message : String(error);
	return { tag: 'internal-error', val: codes.length > 0 ? `${codes[0]}: ${message}` : message };
}

/** `promise`, or `onTimeout()` if it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<T>((resolve) => {
		timer = setTimeout(() => resolve(onTimeout()), ms);
	});
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * The body of `response`, read whole within the cap, the bound between
 * chunks and `leftMs` in all (the request's bound, counted from its start,
 * as the component counts its own when it reads a body itself).
 */
function readBody(body: Readable, capBytes: number, idleMs: number, leftMs: number): Promise<Uint8Array | HttpErrorCode> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let total = 0;
		let timer: NodeJS.Timeout;
		const late = () => {
			body.destroy();
			finish({ tag: 'HTTP-response-timeout' });
		};
		const whole = setTimeout(late, Math.max(0, leftMs));
		const finish = (outcome: Uint8Array | HttpErrorCode) => {
			clearTimeout(timer);
			clearTimeout(whole);
			body.removeAllListeners('data');
			resolve(outcome);
		};
		const idle = () => {
			clearTimeout(timer);
			timer = setTimeout(late, idleMs);
		};
		idle();
		body.on('data', (chunk: Buffer) => {
			total += chunk.length;
			if (total > capBytes) {
				body.destroy();
				finish({ tag: 'HTTP-response-body-size', val: BigInt(total) });
				return;
			}
			chunks.push(chunk);
			idle();
		});
		// A fresh buffer of its own (not Node's pool): it is handed to the worker.
		body.once('end', () => finish(concatBytes(chunks)));
		body.once('error', (error) => finish(errorCodeOf(error)));
	});
}

function headerList(headers: FullResponse['headers']): [string, string][] {
	const out: [string, string][] = [];
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) out.push([name.toLowerCase(), String(v)]);
	}
	return out;
}

/**
 * A sender for one call: `fns`' request helper with the credential type
 * `credentialType`, under `grant` (the one origin; the names of the
 * headers the credential owns; whether it carries secrets). `decrypted`:
 * the credential as n8n already gave it for this call, handed back so that
 * n8n does not load and decrypt it again for each request.
 */
export function n8nSender(fns: RequestContext, credentialType: string, grant: HttpGrant, limits: SendLimits, decrypted?: ICredentialsDecrypted): Sender {
	const owned = new Set(grant.owned);
	const carriesSecrets = grant.headers.length > 0;
	return async (request: WireRequest): Promise<WireResponse> => {
		const origin = originOf(request.url);
		if (grant.origin === undefined || origin !== grant.origin) return fail({ tag: 'HTTP-request-denied' });
		if (carriesSecrets && !secretsMayTravel(origin)) return fail({ tag: 'HTTP-request-denied' });
		// No prototype: a header named like an Object method stays a header.
		const headers: IDataObject = Object.create(null) as IDataObject;
		for (const [name, value] of request.headers) {
			if (owned.has(name.toLowerCase())) continue;
			headers[name] = typeof headers[name] === 'string' ? `${headers[name] as string}, ${value}` : value;
		}
		const startedAt = performance.now();
		const timeout = Math.min(limits.requestTimeoutMs, request.timeoutMs ?? Infinity);
		const options: IHttpRequestOptions = {
			url: request.url,
			method: request.method as IHttpRequestMethods,
			headers,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout,
		};
		if (request.body !== undefined && request.body.length > 0) options.body = Buffer.from(request.body);
		const extra = decrypted ? { credentialsDecrypted: decrypted } : undefined;
		const started = fns.helpers.httpRequestWithAuthentication.call(fns as IExecuteFunctions, credentialType, options, extra) as Promise<FullResponse>;
		let late = false;
		const answer = await within(
			started.then((response): FullResponse | WireResponse => response, (error: unknown) => fail(errorCodeOf(error))),
			timeout,
			() => {
				late = true;
				return fail({ tag: 'HTTP-response-timeout' });
			},
		);
		if (late) {
			// n8n's own timeout ends the request; a body that still comes is dropped.
			void started.then((response) => response.body?.destroy?.(), () => undefined);
		}
		if ('ok' in answer) return answer;
		const declared = Number(answer.headers?.['content-length']);
		if (Number.isFinite(declared) && declared > limits.bodyCapBytes) {
			answer.body.destroy();
			return fail({ tag: 'HTTP-response-body-size', val: BigInt(declared) });
		}
		const body = await readBody(answer.body, limits.bodyCapBytes, timeout, timeout - (performance.now() - startedAt));
		if (!(body instanceof Uint8Array)) return fail(body);
		return { ok: true, status: answer.statusCode, headers: headerList(answer.headers), body };
	};
}
