// A stand-in for n8n's `helpers.httpRequestWithAuthentication`, for tests
// that fake n8n's functions: it reads the credential as n8n would, applies
// the credential type's generic `authenticate` (headers only, the
// `{{$credentials.<field>}}` expressions the converter writes), and sends
// with Node's http/https, honouring the options the node's sender relies
// on (and refusing a call without them): the full response with its body
// as a stream, status errors not thrown, redirects not followed, `timeout`.
// Real n8n's helper is exercised by js/n8n-e2e.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { IAuthenticateGeneric, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** Every request the stand-in sent: its URL and headers as sent (secrets included: tests only). */
export interface Sent {
	url: string;
	method: string;
	/** The headers the node's sender asked n8n for, before the credential's. */
	asked: Record<string, string>;
	/** The headers sent, the credential's added. */
	headers: Record<string, string>;
}

function resolve(template: string, credentials: IDataObject): string {
	const text = template.startsWith('=') ? template.slice(1) : template;
	return text.replace(/\{\{\s*\$credentials\.([A-Za-z_$][\w$]*)\s*\}\}/g, (_, field: string) => String(credentials[field] ?? ''));
}

/** n8n wraps the transport's error (NodeApiError); its Node code stays on the cause. */
class WrappedError extends Error {
	constructor(readonly cause: Error & { code?: string }) {
		super(cause.message);
	}
}

export function standInRequestHelper(
	authenticate: IAuthenticateGeneric | undefined,
	getCredentials: (type: string) => Promise<IDataObject>,
	sent: Sent[] = [],
) {
	return async function httpRequestWithAuthentication(credentialType: string, options: IHttpRequestOptions) {
		if (options.encoding !== 'stream' || options.returnFullResponse !== true || options.ignoreHttpStatusErrors !== true || options.disableFollowRedirect !== true) {
			throw new Error(`the stand-in serves only what the node's sender asks for: ${JSON.stringify(options)}`);
		}
		const credentials = await getCredentials(credentialType);
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
		const asked = { ...headers };
		for (const [name, value] of Object.entries(authenticate?.properties.headers ?? {})) headers[name] = resolve(String(value), credentials);
		const url = new URL(options.url);
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		sent.push({ url: options.url, method: options.method ?? 'GET', asked, headers });
		return new Promise<{ body: IncomingMessage; headers: IncomingMessage['headers']; statusCode: number }>((done, fail) => {
			const req = send(url, { method: options.method ?? 'GET', headers, timeout: options.timeout }, (res) =>
				done({ body: res, headers: res.headers, statusCode: res.statusCode ?? 0 }),
			);
			req.on('timeout', () => req.destroy(Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), { code: 'ECONNABORTED' })));
			req.on('error', (error) => fail(new WrappedError(error)));
			if (options.body !== undefined) req.write(options.body as Buffer);
			req.end();
		});
	};
}
