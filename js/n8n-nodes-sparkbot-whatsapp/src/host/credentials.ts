// What a credential means, read from the node's own description
// (workflow:node `credential-type`): which field is the base URL (and its
// default), which fields are secret and how each goes on a request. From
// that alone the host checks a credential, keeps its secrets, passes the
// node only the other fields, and knows what to add to the requests it
// carries and what to scrub from the answers. Nothing here names a node,
// a field or a header: it all comes from describe().
import type { CredentialType, Credentials, NodeDescription, NodeError } from '../component';
import { confinedOrigin } from './policy';

/** A credential type the host cannot apply (a bad header name, a base-URL field that is not a field). */
export class CredentialModelError extends Error {}

/** A secret field, and the header it is sent in. */
export interface SecretSpec {
	field: string;
	/** The field's display name, for messages. */
	label: string;
	header: { name: string; prefix: string };
}

/** One credential type's meaning. */
export interface CredentialModel {
	name: string;
	displayName: string;
	baseUrlField: string;
	/** The base-URL field's default, when it has a non-empty one. */
	defaultBaseUrl?: string;
	secrets: SecretSpec[];
}

/** What the host lets one call's requests do: where they may go, and the headers it adds. */
export interface HttpGrant {
	/** The one origin the node may reach; none: no network. */
	origin?: string;
	/** Headers the host sets on every request it lets through (`name: prefix + value`). */
	headers: [string, string][];
	/** Lower-cased names of the headers the host owns: the node's own headers of these names are dropped. */
	owned: string[];
}

/** A credential made ready for one call. */
export interface Prepared {
	/** What the node receives: the credential without its secrets, the base URL field defaulted. */
	guestCredentials: Credentials;
	grant: HttpGrant;
	/** The secret values, for redaction. */
	secrets: string[];
}

export type Preparation = { ok: true; prepared: Prepared } | { ok: false; error: NodeError };

// RFC 9110 token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Headers the host's HTTP stack sets itself, or that preview2-shim refuses.
const RESERVED_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The model of one credential type; throws CredentialModelError if a host cannot apply it. */
export function credentialModel(type: CredentialType): CredentialModel {
	const where = `credential type "${type.name}"`;
	const field = (name: string) => type.properties.find((p) => p.name === name && p.parent === undefined);
	const base = field(type.baseUrlField);
	if (!base) throw new CredentialModelError(`${where}: base-url-field "${type.baseUrlField}" is not one of its properties`);
	const fallback = parseJson(base.default);
	const model: CredentialModel = { name: type.name, displayName: type.displayName, baseUrlField: type.baseUrlField, secrets: [] };
	if (typeof fallback === 'string' && fallback.trim() !== '') model.defaultBaseUrl = fallback;
	const headers = new Set<string>();
	for (const secret of type.secrets) {
		const property = field(secret.field);
		if (!property) throw new CredentialModelError(`${where}: secret field "${secret.field}" is not one of its properties`);
		if (secret.field === type.baseUrlField) throw new CredentialModelError(`${where}: the base-url-field cannot be secret`);
		if (secret.placement.tag !== 'header') throw new CredentialModelError(`${where}: secret "${secret.field}" has an unknown placement`);
		const { name, prefix } = secret.placement.val;
		if (!HEADER_NAME.test(name)) throw new CredentialModelError(`${where}: "${name}" is not a header name`);
		if (RESERVED_HEADERS.has(name.toLowerCase())) throw new CredentialModelError(`${where}: the host cannot set the "${name}" header`);
		if (headers.has(name.toLowerCase())) throw new CredentialModelError(`${where}: two secrets go in the "${name}" header`);
		if (!/^[\x20-\x7e]*$/.test(prefix)) throw new CredentialModelError(`${where}: the prefix of the "${name}" header must be printable ASCII`);
		headers.add(name.toLowerCase());
		model.secrets.push({ field: secret.field, label: property.displayName, header: { name, prefix } });
	}
	return model;
}

function credentialsError(message: string): NodeError {
	return { kind: 'missing-credentials', message };
}

/** At most `max` characters of `s`, control characters escaped. */
function shorten(s: string, max: number): string {
	const chars = [...s];
	const escaped = chars
		.slice(0, max)
		.map((c) => (/[\x00-\x1f\x7f-\x9f]/.test(c) ? JSON.stringify(c).slice(1, -1) : c))
		.join('');
	return chars.length > max ? `${escaped}…` : escaped;
}

/**
 * The secret's value, checked: text, not empty, printable ASCII with no
 * spaces inside (surrounding spaces, a common paste slip, dropped). The
 * messages name the field, never the value.
 */
function secretValue(model: CredentialModel, secret: SecretSpec, value: unknown): string | NodeError {
	const { label } = secret;
	const credential = model.displayName;
	const fix = `Paste it into the ${credential} credential again, exactly as given.`;
	if (value === undefined || value === null) return credentialsError(`The ${credential} credential has no ${label}. Fill it in.`);
	if (typeof value !== 'string') return credentialsError(`The ${label} in the ${credential} credential must be text. ${fix}`);
	const trimmed = value.trim();
	if (trimmed === '') return credentialsError(`The ${label} in the ${credential} credential is empty. Fill it in.`);
	if (/[\s\x00-\x1f\x7f-\x9f]/u.test(trimmed)) {
		return credentialsError(`The ${label} in the ${credential} credential holds spaces, line breaks or control characters. ${fix}`);
	}
	if (!/^[\x21-\x7e]+$/.test(trimmed)) return credentialsError(`The ${label} in the ${credential} credential holds non-ASCII characters. ${fix}`);
	return trimmed;
}

/**
 * Checks a credential against its type and splits off the secrets.
 * `data` is the credential's fields, as an object or as JSON text.
 * `admin` narrows the origins the call may reach (empty: no narrowing).
 */
export function prepareWith(model: CredentialModel, data: unknown, admin: readonly string[] = []): Preparation {
	const parsed = typeof data === 'string' ? parseJson(data) : data;
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return { ok: false, error: credentialsError(`The ${model.displayName} credential's data must be a JSON object of its fields.`) };
	}
	// Every field but the secrets, in a fresh object (own keys only, `__proto__` kept as data).
	const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
	for (const [key, value] of Object.entries(parsed)) fields[key] = value;
	const headers: [string, string][] = [];
	const secrets: string[] = [];
	for (const secret of model.secrets) {
		const value = secretValue(model, secret, fields[secret.field]);
		delete fields[secret.field];
		if (typeof value !== 'string') return { ok: false, error: value };
		headers.push([secret.header.name, `${secret.header.prefix}${value}`]);
		secrets.push(value);
	}
	// The base URL the call uses, written back so the node and the host agree
	// on it: the given text, or the default when missing, null or blank. A
	// value that is not text is left for the node to refuse (and gets no network).
	let baseUrl: string | undefined;
	const given = fields[model.baseUrlField];
	if (typeof given === 'string' && given.trim() !== '') {
		baseUrl = given;
	} else if ((given === undefined || given === null || typeof given === 'string') && model.defaultBaseUrl !== undefined) {
		baseUrl = model.defaultBaseUrl;
		fields[model.baseUrlField] = baseUrl;
	}
	const origin = confinedOrigin(baseUrl, admin);
	return {
		ok: true,
		prepared: {
			guestCredentials: { name: model.name, data: JSON.stringify(fields) },
			grant: {
				origin,
				headers,
				owned: model.secrets.map((s) => s.header.name.toLowerCase()),
			},
			secrets,
		},
	};
}

/** Every credential type a node describes, ready to prepare credentials with. */
export class CredentialModels {
	readonly models: CredentialModel[];

	/** Throws CredentialModelError if a credential type cannot be applied. */
	constructor(description: NodeDescription) {
		this.models = description.credentialTypes.map(credentialModel);
	}

	/** The model of credential type `name`, or undefined. */
	find(name: string): CredentialModel | undefined {
		return this.models.find((m) => m.name === name);
	}

	/** `prepareWith` for the credential type `name`; an unknown type is a missing-credentials error naming it. */
	prepare(name: string, data: unknown, admin: readonly string[] = []): Preparation {
		const model = this.find(name);
		if (!model) {
			const known = this.models.map((m) => m.name);
			return {
				ok: false,
				error: credentialsError(
					`This node has no credential type '${shorten(name, 40)}'; it uses: ${known.length > 0 ? known.join(', ') : 'none'}.`,
				),
			};
		}
		return prepareWith(model, data, admin);
	}
}

