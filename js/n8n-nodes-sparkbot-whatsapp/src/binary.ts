// Which of an input item's files a component is given, and the bound on
// their bytes. The rule, for any component (nothing here names a node): an
// item's binary entry `k` goes in when one of the item's resolved
// parameters is the string `k`: a top-level field, a child of a collection
// (`options.binaryProperty`), a field of a fixed collection's rows, or an
// entry of a multi-options list. Entries no parameter names stay in n8n.
// What is passed in one call is capped in total (WORKFLOW_NODE_MAX_BINARY_MB):
// an item whose files would go over fails with an `invalid-parameter`
// error naming the entry, its size, the cap and the variable to raise it.
import type { BinaryEntry, NodeError } from './component';
import { positiveEnv } from './client';

/** The cap on the bytes of the files passed to one call, in MiB. */
export const MAX_BINARY_MB_ENV = 'WORKFLOW_NODE_MAX_BINARY_MB';

/** The default of {@link MAX_BINARY_MB_ENV}. */
export const DEFAULT_MAX_BINARY_MB = 64;

/** How deep the parameters are searched: a top-level field, a collection, a fixed collection's groups, rows, fields and their lists. */
const MAX_DEPTH = 6;

/** The cap on the bytes of the files passed to one call, from the environment. */
export function maxBinaryBytes(): number {
	return Math.floor(positiveEnv(MAX_BINARY_MB_ENV, DEFAULT_MAX_BINARY_MB) * 1024 * 1024);
}

/** Every string among an item's resolved parameters, at any level of its collections and fixed collections. */
function strings(value: unknown, out: Set<string>, depth: number): void {
	if (typeof value === 'string') out.add(value);
	else if (depth < MAX_DEPTH && typeof value === 'object' && value !== null) {
		for (const child of Array.isArray(value) ? value : Object.values(value)) strings(child, out, depth + 1);
	}
}

/**
 * The keys of `available` (the item's binary entries, in the item's order)
 * that one of the item's `parameters` names.
 */
export function namedBinaryKeys(parameters: Readonly<Record<string, unknown>>, available: readonly string[]): string[] {
	const named = new Set<string>();
	strings(parameters, named, 0);
	return available.filter((key) => named.has(key));
}

/** A size for people: bytes, KiB or MiB. */
export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MiB (${bytes} bytes)`;
}

/** The bytes a call's files may take, entry by entry. */
export class BinaryBudget {
	/** The bytes taken so far. */
	used = 0;

	constructor(readonly capBytes: number) {}

	/** Undefined when `bytes` more for the entry `key` fit; otherwise the error that fails its item. */
	refusal(key: string, bytes: number): NodeError | undefined {
		if (this.used + bytes <= this.capBytes) return undefined;
		const cap = `${formatBytes(this.capBytes)}, ${MAX_BINARY_MB_ENV}`;
		const why =
			bytes > this.capBytes
				? `over the cap on the files one execution may pass to the node (${cap})`
				: `with the ${formatBytes(this.used)} of files already passed in this execution, that is over the cap on the files one execution may pass to the node (${cap})`;
		return {
			kind: 'invalid-parameter',
			message: `The binary property '${key}' is ${formatBytes(bytes)}: ${why}.`,
			description: `Raise ${MAX_BINARY_MB_ENV} (in MiB, default ${DEFAULT_MAX_BINARY_MB}) in n8n's environment, or pass fewer or smaller files per execution (for example through a Loop Over Items node).`,
		};
	}

	/** Takes `bytes` for the entry `key` when they fit (undefined); otherwise takes nothing and gives the error. */
	take(key: string, bytes: number): NodeError | undefined {
		const refused = this.refusal(key, bytes);
		if (!refused) this.used += bytes;
		return refused;
	}
}

/** What n8n knows of a file before reading it (IBinaryData). */
export interface BinaryMeta {
	data?: string;
	id?: string;
	bytes?: number;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
}

/** The file's size from n8n's metadata alone, when it says: `bytes`, or the length of base64 data held in memory. */
export function knownSize(meta: BinaryMeta): number | undefined {
	if (typeof meta.bytes === 'number' && Number.isFinite(meta.bytes) && meta.bytes >= 0) return meta.bytes;
	if (!meta.id && typeof meta.data === 'string') return Buffer.byteLength(meta.data, 'base64');
	return undefined;
}

/** The contract's binary entry for `key`: the bytes read from n8n, the names from its metadata. */
export function binaryEntry(key: string, bytes: Uint8Array, meta: BinaryMeta): BinaryEntry {
	// A Buffer may be a view of a larger pooled one: the worker would be sent all of it.
	const data = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
	const entry: BinaryEntry = { key, data, mimeType: meta.mimeType || 'application/octet-stream' };
	if (meta.fileName) entry.fileName = meta.fileName;
	if (meta.fileExtension) entry.fileExtension = meta.fileExtension;
	return entry;
}
