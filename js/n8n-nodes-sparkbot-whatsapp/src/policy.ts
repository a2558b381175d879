// The network policy the Node.js host applies around the component, as the
// Rust host does: the component may reach exactly one origin, that of the
// credential's Base URL (or the credential type's default), and an
// administrator may narrow further with SPARKBOT_ALLOWED_ORIGINS (a comma-
// separated list of origins): a credential outside it gets no network at all.
// Everything that does not parse fails closed.

/** The origin (scheme://host[:port], default ports dropped) of a URL, or undefined. */
export function originOf(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
		return parsed.origin;
	} catch {
		return undefined;
	}
}

/** The administrator's list, from SPARKBOT_ALLOWED_ORIGINS; empty means no narrowing. */
export function adminOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
	return (env.SPARKBOT_ALLOWED_ORIGINS ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map((entry) => originOf(entry) ?? `invalid:${entry}`);
}

/** The one origin a call may reach, or undefined for none. */
export function allowedOrigin(baseUrl: unknown, defaultBaseUrl: string, admin: string[]): string | undefined {
	const url = typeof baseUrl === 'string' && baseUrl.trim() !== '' ? baseUrl.trim() : defaultBaseUrl;
	const origin = originOf(url);
	if (origin === undefined) return undefined;
	if (admin.length > 0 && !admin.includes(origin)) return undefined;
	return origin;
}

/** A wasi:http scheme as preview2-shim gives it. */
export type Scheme = { tag: 'HTTP' } | { tag: 'HTTPS' } | { tag: 'other'; val: string } | undefined;

/** Whether an outgoing request (its scheme and authority) goes to the allowed origin. */
export function requestAllowed(scheme: Scheme, authority: string | undefined, allowed: string | undefined): boolean {
	if (allowed === undefined || authority === undefined || authority === '') return false;
	const name = scheme?.tag === 'HTTP' ? 'http' : scheme?.tag === 'HTTPS' ? 'https' : undefined;
	if (name === undefined) return false;
	if (/[/?#@\s]/.test(authority)) return false;
	return originOf(`${name}://${authority}`) === allowed;
}
