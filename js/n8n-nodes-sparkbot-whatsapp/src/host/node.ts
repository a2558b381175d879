// One call of a workflow:node component, hosted: the credential checked and
// split (credentials.ts), the node's HTTP confined and given the secrets'
// headers (http.ts), its answer scrubbed of the secrets (redact.ts). Used
// by the n8n package's worker (runCall) and, whole, by in-process hosts
// such as the jco tests (NodeHost).
import type {
	Credentials,
	ExecuteSettings,
	InputItem,
	NodeDescription,
	NodeError,
	OptionValue,
	OutputItem,
	SearchPage,
} from '../component';
import { CredentialModels, type HttpGrant, type Preparation } from './credentials';
import type { HttpGate } from './http';
import { Redactor } from './redact';

/** The `node` export of a transpiled workflow:node component, as jco renders it. */
export interface NodeExports {
	describe(): NodeDescription;
	loadOptions(method: string, credentials: Credentials, parameters: string): OptionValue[];
	listSearch(method: string, credentials: Credentials, parameters: string, filter: string | undefined, paginationToken: string | undefined): SearchPage;
	execute(credentials: Credentials, items: InputItem[], settings: ExecuteSettings): OutputItem[];
}

/** A call, with the credentials as the node receives them (secrets already split off). */
export type Call =
	| { op: 'describe' }
	| { op: 'loadOptions'; method: string; credentials: Credentials; parameters: string }
	| { op: 'listSearch'; method: string; credentials: Credentials; parameters: string; filter?: string; paginationToken?: string }
	| { op: 'execute'; credentials: Credentials; items: InputItem[]; settings: ExecuteSettings };

/** A call's outcome; every text in it already scrubbed of the call's secrets. */
export type Reply =
	| { ok: true; value: unknown }
	/** The node returned its own error (the WIT `err` case). */
	| { ok: false; nodeError: NodeError }
	/** The node trapped, or could not be loaded. */
	| { ok: false; crash: string };

function isNodeError(payload: unknown): payload is NodeError {
	return typeof payload === 'object' && payload !== null && 'kind' in payload && 'message' in payload;
}

/** Runs one call on `node`: its answer, or its error, or why it could not answer. Nothing scrubbed. */
export function invoke(node: NodeExports, call: Call): Reply {
	try {
		switch (call.op) {
			case 'describe':
				return { ok: true, value: node.describe() };
			case 'loadOptions':
				return { ok: true, value: node.loadOptions(call.method, call.credentials, call.parameters) };
			case 'listSearch':
				return { ok: true, value: node.listSearch(call.method, call.credentials, call.parameters, call.filter, call.paginationToken) };
			case 'execute':
				return { ok: true, value: node.execute(call.credentials, call.items, call.settings) };
		}
	} catch (error) {
		const payload = (error as { payload?: unknown } | null)?.payload;
		if (isNodeError(payload)) return { ok: false, nodeError: payload };
		return { ok: false, crash: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
	}
}

/** `reply` to a call of kind `op` with every text in it scrubbed of `secrets`: options, output items, the node's error, a crash's message. */
export function scrubReply(op: Call['op'], reply: Reply, secrets: readonly string[]): Reply {
	const redactor = new Redactor(secrets);
	if (!reply.ok) return 'nodeError' in reply ? { ok: false, nodeError: redactor.error(reply.nodeError) } : { ok: false, crash: redactor.text(reply.crash) };
	switch (op) {
		case 'describe':
			return reply;
		case 'loadOptions':
			return { ok: true, value: (reply.value as OptionValue[]).map((o) => redactor.option(o)) };
		case 'listSearch': {
			const page = reply.value as SearchPage;
			const scrubbed: SearchPage = { results: page.results.map((o) => redactor.option(o)) };
			if (page.paginationToken !== undefined) scrubbed.paginationToken = redactor.text(page.paginationToken);
			return { ok: true, value: scrubbed };
		}
		case 'execute':
			return { ok: true, value: (reply.value as OutputItem[]).map((i) => redactor.outputItem(i)) };
	}
}

/**
 * Runs one call under `grant` (undefined: no network) and scrubs `secrets`
 * from whatever comes back.
 */
export function runCall(node: NodeExports, gate: HttpGate, call: Call, grant: HttpGrant | undefined, secrets: readonly string[]): Reply {
	gate.grant(grant);
	try {
		return scrubReply(call.op, invoke(node, call), secrets);
	} finally {
		gate.revoke();
	}
}

/**
 * A failed item's JSON as workflow users see it (n8n's `{"error": message}`),
 * rendered from the contract's copy of the error, `output-item.error`:
 * `error`, `errorKind`, and `description`, `httpStatus`, `retryAfterSeconds`
 * when known.
 */
export function failedItemJson(error: NodeError): Record<string, string | number> {
	const out: Record<string, string | number> = { error: error.message, errorKind: error.kind };
	if (error.description !== undefined) out.description = error.description;
	if (error.httpStatus !== undefined) out.httpStatus = error.httpStatus;
	if (error.retryAfterSeconds !== undefined) out.retryAfterSeconds = error.retryAfterSeconds;
	return out;
}

/** An output item's JSON for users: its own, or, for a failed item, rendered from its error. */
export function itemJson(item: OutputItem): unknown {
	return item.error !== undefined ? failedItemJson(item.error) : JSON.parse(item.json);
}

/** One error item per input item, each naming its item: continue-on-fail when nothing could run. */
export function failedItems(count: number, error: NodeError): OutputItem[] {
	return Array.from({ length: count }, (_, i) => ({ json: '{}', binary: [], pairedItem: i, error: { ...error, itemIndex: i } }));
}

/** A node error, thrown: `payload` holds it (as jco's ComponentError does). */
export class NodeFailure extends Error {
	constructor(readonly payload: NodeError) {
		super(payload.message);
		this.name = 'NodeFailure';
	}
}

/** The node could not answer: it trapped, or could not be loaded. */
export class NodeCrash extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NodeCrash';
	}
}

/** A credential as a host holds it: its type's name and all its fields, secrets included. */
export interface HostCredentials {
	name: string;
	/** The fields, as an object or as JSON text. */
	data: unknown;
}

export interface NodeHostOptions {
	/** An administrator's origins (parseOriginList); empty: no narrowing. */
	allowedOrigins?: readonly string[];
	/** The deadline of an execute call, told to the node in `deadline-ms` (default 60 s). */
	deadlineMs?: number;
}

/**
 * A component in this thread, hosted: describe, load-options and execute
 * take the whole credential and give back scrubbed answers; the node gets
 * the credential without its secrets, and its HTTP goes through the gate.
 * Calls are synchronous (preview2-shim blocks on its own I/O worker), so an
 * HTTP server the node talks to must run in another process or thread, and
 * this host cannot stop a call past its deadline (the n8n package runs each
 * call on a worker thread it can stop).
 */
export class NodeHost {
	private description: NodeDescription | undefined;
	private models: CredentialModels | undefined;

	constructor(
		readonly node: NodeExports,
		readonly gate: HttpGate,
		readonly options: NodeHostOptions = {},
	) {}

	describe(): NodeDescription {
		if (!this.description) this.description = this.unwrap(runCall(this.node, this.gate, { op: 'describe' }, undefined, [])) as NodeDescription;
		return this.description;
	}

	/** The credential checked and split, as the node and the gate will get it. */
	prepare(credentials: HostCredentials): Preparation {
		this.models ??= new CredentialModels(this.describe());
		return this.models.prepare(credentials.name, credentials.data, this.options.allowedOrigins ?? []);
	}

	loadOptions(method: string, credentials: HostCredentials, parameters: string): OptionValue[] {
		const preparation = this.prepare(credentials);
		if (!preparation.ok) throw new NodeFailure(preparation.error);
		const { guestCredentials, grant, secrets } = preparation.prepared;
		return this.unwrap(
			runCall(this.node, this.gate, { op: 'loadOptions', method, credentials: guestCredentials, parameters }, grant, secrets),
		) as OptionValue[];
	}

	listSearch(method: string, credentials: HostCredentials, parameters: string, filter?: string, paginationToken?: string): SearchPage {
		const preparation = this.prepare(credentials);
		if (!preparation.ok) throw new NodeFailure(preparation.error);
		const { guestCredentials, grant, secrets } = preparation.prepared;
		return this.unwrap(
			runCall(this.node, this.gate, { op: 'listSearch', method, credentials: guestCredentials, parameters, filter, paginationToken }, grant, secrets),
		) as SearchPage;
	}

	execute(credentials: HostCredentials, items: InputItem[], settings: { continueOnFail: boolean }): OutputItem[] {
		const preparation = this.prepare(credentials);
		if (!preparation.ok) {
			// Nothing can be sent without the credential; with continue-on-fail
			// every item says so, as the node would for any other failure.
			if (settings.continueOnFail && items.length > 0) return failedItems(items.length, preparation.error);
			throw new NodeFailure(preparation.error);
		}
		const { guestCredentials, grant, secrets } = preparation.prepared;
		const full: ExecuteSettings = { continueOnFail: settings.continueOnFail, deadlineMs: BigInt(this.options.deadlineMs ?? 60_000) };
		return this.unwrap(
			runCall(this.node, this.gate, { op: 'execute', credentials: guestCredentials, items, settings: full }, grant, secrets),
		) as OutputItem[];
	}

	private unwrap(reply: Reply): unknown {
		if (reply.ok) return reply.value;
		if ('nodeError' in reply) throw new NodeFailure(reply.nodeError);
		throw new NodeCrash(reply.crash);
	}
}
