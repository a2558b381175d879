// Keeping secrets out of everything a node returns. The host knows the
// secret values (it applies them to requests), so it scrubs them from the
// node's answers by walking VALUES: JSON is parsed and every string and key
// is scrubbed before it is written again, so no escaping (`\"`, `\\`,
// `\u0041`) can hide a secret from the search. Foreign text inside a string
// can still hold a secret in an escaped spelling (an API's raw JSON answer
// passed through; a message quoted with backslash escapes, as Rust's
// `escape_debug` does), so each secret's JSON-escaped spelling and its
// backslash-escaped one (`\`, `"`, `'` preceded by `\`) are scrubbed too.
// Files are scrubbed byte for byte.
import type { BinaryEntry, NodeError, OptionValue, OutputItem } from '../component';

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are not scrubbed: no real key is this short,
 * and scrubbing a three-letter "key" would mangle every message.
 */
export const MIN_REDACTED_LENGTH = 8;

const encoder = new TextEncoder();

/** The secrets of one call, to be scrubbed from its results. */
export class Redactor {
	/** What to search for, longest first, so a secret that contains another goes whole. */
	private readonly needles: string[];
	private readonly byteNeedles: Buffer[];

	constructor(secrets: readonly string[]) {
		const needles = new Set<string>();
		for (const secret of secrets) {
			if (secret.length < MIN_REDACTED_LENGTH) continue;
			needles.add(secret);
			// The spelling inside a JSON string: `"` and `\` (and control characters) escaped.
			needles.add(JSON.stringify(secret).slice(1, -1));
			// Backslash-escaped, as in a quoted message (Rust's escape_debug, C, Python).
			needles.add(secret.replace(/[\\'"]/g, '\\$&'));
		}
		this.needles = [...needles].sort((a, b) => b.length - a.length);
		this.byteNeedles = this.needles.map((n) => Buffer.from(encoder.encode(n)));
	}

	/** Whether there is nothing to scrub. */
	get empty(): boolean {
		return this.needles.length === 0;
	}

	/** `text` with every secret replaced by [redacted]. */
	text(text: string): string {
		let out = text;
		for (const needle of this.needles) {
			if (out.includes(needle)) out = out.split(needle).join(REDACTED);
		}
		return out;
	}

	/** Every string and key of a JSON value scrubbed (a new value; the input is not changed). */
	value(value: unknown): unknown {
		if (typeof value === 'string') return this.text(value);
		if (Array.isArray(value)) return value.map((v) => this.value(v));
		if (typeof value === 'object' && value !== null) {
			// fromEntries defines own properties: a "__proto__" key stays a key.
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.value(v)]));
		}
		return value;
	}

	/**
	 * A JSON text with every secret scrubbed from its string values and keys;
	 * a text that is not JSON is scrubbed as text. A text without a secret in
	 * any value comes back unchanged, byte for byte.
	 */
	jsonText(json: string): string {
		if (this.empty) return json;
		let parsed: unknown;
		try {
			parsed = JSON.parse(json);
		} catch {
			return this.text(json);
		}
		if (!this.holdsSecret(parsed)) return json;
		return JSON.stringify(this.value(parsed));
	}

	private holdsSecret(value: unknown): boolean {
		if (typeof value === 'string') return this.text(value) !== value;
		if (Array.isArray(value)) return value.some((v) => this.holdsSecret(v));
		if (typeof value === 'object' && value !== null) {
			return Object.entries(value).some(([k, v]) => this.text(k) !== k || this.holdsSecret(v));
		}
		return false;
	}

	/** `bytes` with every secret's bytes replaced by [redacted]'s (the same array when there is none). */
	bytes(bytes: Uint8Array): Uint8Array {
		let current = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		let changed = false;
		for (const needle of this.byteNeedles) {
			let at = current.indexOf(needle);
			if (at < 0) continue;
			const parts: Buffer[] = [];
			let from = 0;
			while (at >= 0) {
				parts.push(current.subarray(from, at), Buffer.from(REDACTED));
				from = at + needle.length;
				at = current.indexOf(needle, from);
			}
			parts.push(current.subarray(from));
			current = Buffer.concat(parts);
			changed = true;
		}
		return changed ? new Uint8Array(current.buffer, current.byteOffset, current.byteLength) : bytes;
	}

	/** A node error with its texts scrubbed. */
	error(error: NodeError): NodeError {
		const out: NodeError = { ...error, message: this.text(error.message) };
		if (error.description !== undefined) out.description = this.text(error.description);
		return out;
	}

	/** A dropdown option with its texts and value scrubbed. */
	option(option: OptionValue): OptionValue {
		const out: OptionValue = { ...option, name: this.text(option.name), value: this.jsonText(option.value) };
		if (option.description !== undefined) out.description = this.text(option.description);
		if (option.action !== undefined) out.action = this.text(option.action);
		return out;
	}

	/** A file with its bytes and names scrubbed. */
	binary(entry: BinaryEntry): BinaryEntry {
		const out: BinaryEntry = {
			...entry,
			key: this.text(entry.key),
			data: this.bytes(entry.data),
			mimeType: this.text(entry.mimeType),
		};
		if (entry.fileName !== undefined) out.fileName = this.text(entry.fileName);
		if (entry.fileExtension !== undefined) out.fileExtension = this.text(entry.fileExtension);
		return out;
	}

	/** An output item scrubbed: its JSON, its files and its error. */
	outputItem(item: OutputItem): OutputItem {
		const out: OutputItem = { ...item, json: this.jsonText(item.json), binary: item.binary.map((b) => this.binary(b)) };
		if (item.error !== undefined) out.error = this.error(item.error);
		return out;
	}
}
