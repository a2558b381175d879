// The network policy a Node.js host applies around a workflow:node component,
// as the Rust host does: the component may reach exactly one origin, that of
// its credential's base URL (or the credential type's default), and an
// administrator may narrow further with a list of origins (a credential
// outside it gets no network at all). A credential's secrets travel only
// over https, or in clear only to a loopback host. Everything that does not
// parse fails closed.

/** The origin (scheme://host[:port], default ports dropped) of an http(s) URL, or undefined. */
export function originOf(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
		if (parsed.hostname === '') return undefined;
		return parsed.origin;
	} catch {
		return undefined;
	}
}

/**
 * An administrator's list of origins (comma-separated URLs or origins);
 * empty means no narrowing. An entry that does not parse stays in the list
 * as something no origin equals, so a typo narrows to nothing rather than
 * widening to everything.
 */
export function parseOriginList(text: string | undefined): string[] {
	return (text ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map((entry) => originOf(entry) ?? `invalid:${entry}`);
}

/** The one origin a call with this base URL may reach, or undefined for none. */
export function confinedOrigin(baseUrl: string | undefined, admin: readonly string[]): string | undefined {
	const origin = baseUrl === undefined ? undefined : originOf(baseUrl.trim());
	if (origin === undefined) return undefined;
	if (admin.length > 0 && !admin.includes(origin)) return undefined;
	return origin;
}

/** Whether a URL host (as WHATWG URL spells it, lower-cased) is 127.0.0.0/8, localhost or [::1]. */
export function isLoopbackHost(hostname: string): boolean {
	if (hostname === 'localhost') return true;
	if (hostname === '[::1]') return true;
	const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
	return octets !== null && octets.slice(1).every((o) => Number(o) <= 255) && octets[1] === '127';
}

/** Whether secrets may travel to `origin`: over https, or to a loopback host. */
export function secretsMayTravel(origin: string | undefined): boolean {
	if (origin === undefined) return false;
	try {
		const url = new URL(origin);
		return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
	} catch {
		return false;
	}
}

/** A wasi:http scheme as preview2-shim gives it. */
export type Scheme = { tag: 'HTTP' } | { tag: 'HTTPS' } | { tag: 'other'; val: string } | undefined;

/** The origin of an outgoing wasi:http request (its scheme and authority), or undefined. */
export function requestOrigin(scheme: Scheme, authority: string | undefined): string | undefined {
	if (authority === undefined || authority === '') return undefined;
	// wasi:http leaves the scheme out for https.
	const name = scheme === undefined || scheme.tag === 'HTTPS' ? 'https' : scheme.tag === 'HTTP' ? 'http' : undefined;
	if (name === undefined) return undefined;
	if (/[/?#@\s\\]/.test(authority)) return undefined;
	return originOf(`${name}://${authority}`);
}

/** Whether an outgoing request (its scheme and authority) goes to the allowed origin. */
export function requestAllowed(scheme: Scheme, authority: string | undefined, allowed: string | undefined): boolean {
	if (allowed === undefined) return false;
	const origin = requestOrigin(scheme, authority);
	return origin !== undefined && origin === allowed;
}
