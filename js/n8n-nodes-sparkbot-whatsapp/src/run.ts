// A workflow:node component as an n8n node, for any component: read n8n's
// parameters and credentials, let the host layer (host/) check the
// credential and split off its secrets, run the call on the component's
// worker pool with its requests sent through n8n (n8n-http.ts), and hand
// the answer back in n8n's terms (every output paired to its input, in
// input order, binary through n8n's helpers both ways: an item's files go
// in when its parameters name them, binary.ts; failed items rendered from their error, errors as
// NodeApiError / NodeOperationError with the item index). What the node
// and its credential are called and what the fields mean come from the
// component's describe(); nothing here names a node.
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type INodeExecutionData,
	type INodeListSearchItems,
	type INodeListSearchResult,
	type INodePropertyOptions,
	type JsonObject,
} from 'n8n-workflow';
import type { BinaryEntry, InputItem, NodeDescription, NodeError, OptionValue, OutputItem, SearchPage } from './component';
import { BinaryBudget, binaryEntry, knownSize, maxBinaryBytes, namedBinaryKeys, type BinaryMeta } from './binary';
import { DEFAULT_MAX_CALL_MS, MAX_CALL_MS_ENV, TimeBudgets } from './budget';
import { Component, ComponentCrash, ComponentPool, positiveEnv, type Sender } from './client';
import { CredentialModels, type Prepared } from './host/credentials';
import { failedItemJson, scrubReply, type Call } from './host/node';
import { parseOriginList } from './host/policy';
import { n8nSender, type SendLimits } from './n8n-http';
import { ParameterPlan } from './parameters';

/** The administrator's allow-list of origins (comma-separated), for every workflow:node node; empty: no narrowing. */
export const ALLOWED_ORIGINS_ENV = 'WORKFLOW_NODE_ALLOWED_ORIGINS';

/** The value n8n gives `resource` and `operation` for its "Custom API Call" entry. */
export const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** The limits on a call's requests, from the environment. */
export function sendLimits(): SendLimits {
	return {
		requestTimeoutMs: positiveEnv('WORKFLOW_NODE_REQUEST_TIMEOUT_MS', 30_000),
		bodyCapBytes: positiveEnv('WORKFLOW_NODE_BODY_MIB', 16) * 1024 * 1024,
	};
}

/** Kinds that mean the API (or the way to it) answered badly: n8n's NodeApiError. */
const API_KINDS = new Set(['authentication', 'not-found', 'conflict', 'rate-limited', 'network', 'timeout', 'service-error']);

/**
 * A node-error of the component as the n8n error a user sees. The error's
 * context keeps the component's kind (and Retry-After) for whoever handles it.
 */
export function toN8nError(node: INode, error: NodeError, itemIndex?: number): NodeApiError | NodeOperationError {
	const description = error.description ?? undefined;
	let n8nError: NodeApiError | NodeOperationError;
	if (API_KINDS.has(error.kind)) {
		const response: JsonObject = { message: error.message, kind: error.kind };
		if (description) response.description = description;
		if (error.httpStatus !== undefined) response.httpCode = String(error.httpStatus);
		if (error.retryAfterSeconds !== undefined) response.retryAfterSeconds = error.retryAfterSeconds;
		n8nError = new NodeApiError(node, response, {
			message: error.message,
			description,
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			itemIndex,
		});
	} else {
		n8nError = new NodeOperationError(node, error.message, { description, itemIndex });
	}
	n8nError.context.kind = error.kind;
	if (error.retryAfterSeconds !== undefined) n8nError.context.retryAfterSeconds = error.retryAfterSeconds;
	return n8nError;
}

/** Time for the worker to start and answer beyond the deadline the node is told, before it is stopped. */
const WORKER_GRACE_MS = 5_000;

/**
 * The credential made ready for a call: split by the host layer, and as n8n
 * decrypted it (handed back to n8n's request helper with each request, so
 * n8n does not load and decrypt it again per request).
 */
type Ready = { ok: true; prepared: Prepared; decrypted?: ICredentialsDecrypted };
type Preparation = Ready | { ok: false; error: NodeError };

/** How long a dropdown or a search page may take before its worker is stopped. */
const OPTIONS_STOP_AFTER_MS = 90_000;

/** What the runtime derives from describe(), once per process. */
interface Described {
	description: NodeDescription;
	models: CredentialModels;
	parameters: ParameterPlan;
	budgets: TimeBudgets;
}

/** An option-value's JSON value as n8n takes it in a dropdown or a search list. */
function optionJson(option: OptionValue): INodePropertyOptions['value'] {
	const value = JSON.parse(option.value) as unknown;
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : option.value;
}

/** One component, run in n8n: its description, its credential's meaning, its worker pool. */
export class NodeRuntime {
	readonly component: Component;
	private described?: Described;
	private pool?: ComponentPool;

	/** The runtime of the transpiled component in `componentDir` (nothing is loaded until it is needed). */
	constructor(componentDir: string) {
		this.component = new Component(componentDir);
	}

	private load() {
		if (!this.described) {
			let description: NodeDescription;
			try {
				description = this.component.describe() as NodeDescription;
			} catch (error) {
				throw new ComponentCrash(`describe() failed: ${(error as Error).message}`);
			}
			this.described = {
				description,
				models: new CredentialModels(description),
				parameters: new ParameterPlan(description.properties),
				budgets: new TimeBudgets(description),
			};
		}
		return this.described;
	}

	/** The component's describe(), run once per process (on this thread, no I/O granted). */
	description(): NodeDescription {
		return this.load().description;
	}

	/** The credential type the node uses: the first it names. */
	credentialTypeName(): string {
		const [first] = this.description().credentials;
		if (!first) throw new ComponentCrash(`the component ${this.description().name} names no credential`);
		return first.name;
	}

	/** The node's credential from n8n, checked and split by the host layer (the secrets stay on this thread, for scrubbing). */
	private async prepareCredentials(fns: IExecuteFunctions | ILoadOptionsFunctions): Promise<Preparation> {
		const name = this.credentialTypeName();
		const data = await fns.getCredentials(name);
		const preparation = this.load().models.prepare(name, data, parseOriginList(process.env[ALLOWED_ORIGINS_ENV]));
		if (!preparation.ok) return preparation;
		const stored = fns.getNode().credentials?.[name];
		const decrypted = stored?.id ? { id: stored.id, name: stored.name, type: name, data } : undefined;
		return { ...preparation, decrypted };
	}

	/** Runs `request` with its HTTP sent through `fns`' request helper; the reply scrubbed of the secrets. */
	private async call(fns: IExecuteFunctions | ILoadOptionsFunctions, request: Call, stopAfterMs: number, { prepared, decrypted }: Ready) {
		const node = fns.getNode();
		const sender: Sender = n8nSender(fns, this.credentialTypeName(), prepared.grant, sendLimits(), decrypted);
		this.pool ??= new ComponentPool(this.component);
		try {
			return scrubReply(request.op, await this.pool.run(request, stopAfterMs, sender), prepared.secrets);
		} catch (error) {
			throw new NodeOperationError(node, (error as Error).message);
		}
	}

	/** The form's current values as JSON for the component (resource locators as their plain value). */
	private currentParameters(fns: ILoadOptionsFunctions): string {
		return JSON.stringify(this.load().parameters.withPlainLocators(fns.getCurrentNodeParameters() ?? {}));
	}

	/** Runs a form call (a dropdown, a search page): the credential first, the component's error as n8n's. */
	private async formCall(fns: ILoadOptionsFunctions, request: (ready: Ready) => Call): Promise<unknown> {
		const node = fns.getNode();
		const preparation = await this.prepareCredentials(fns);
		if (!preparation.ok) throw toN8nError(node, preparation.error);
		const reply = await this.call(fns, request(preparation), OPTIONS_STOP_AFTER_MS, preparation);
		if (!reply.ok) {
			if ('crash' in reply) throw new NodeOperationError(node, `${this.description().displayName} failed: ${reply.crash}`);
			throw toN8nError(node, reply.nodeError);
		}
		return reply.value;
	}

	/** methods.loadOptions.<method>: a dynamic dropdown. */
	async loadOptions(fns: ILoadOptionsFunctions, method: string): Promise<INodePropertyOptions[]> {
		const parameters = this.currentParameters(fns);
		const options = (await this.formCall(fns, ({ prepared }) => ({ op: 'loadOptions', method, credentials: prepared.guestCredentials, parameters }))) as OptionValue[];
		return options.map((option) => {
			const out: INodePropertyOptions = { name: option.name, value: optionJson(option) };
			if (option.description !== undefined) out.description = option.description;
			return out;
		});
	}

	/** methods.listSearch.<method>: one page of a resource locator's searchable list. */
	async listSearch(fns: ILoadOptionsFunctions, method: string, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const parameters = this.currentParameters(fns);
		// n8n sends an empty search box as '' or leaves it out; the contract has none for both.
		const call = ({ prepared }: Ready): Call => ({
			op: 'listSearch',
			method,
			credentials: prepared.guestCredentials,
			parameters,
			filter: filter ? filter : undefined,
			paginationToken: paginationToken ? paginationToken : undefined,
		});
		return toListSearchResult((await this.formCall(fns, call)) as SearchPage);
	}

	/**
	 * n8n offers "Custom API Call" in the resource and operation dropdowns of
	 * any node whose credential has `authenticate`; a workflow:node node has no
	 * such operation: it says what to use instead.
	 */
	private customApiCallError(): NodeError {
		const d = this.description();
		const credential = d.credentialTypes.find((t) => t.name === this.credentialTypeName())?.displayName ?? this.credentialTypeName();
		return {
			kind: 'invalid-parameter',
			message: `${d.displayName} has no Custom API Call. To call the API directly, use n8n's HTTP Request node with Authentication "Predefined Credential Type" and the credential type "${credential}".`,
			description: 'The HTTP Request node sends the credential the way this node does.',
		};
	}

	/**
	 * The files of input item `i` its parameters name (binary.ts), read from
	 * n8n within the call's budget: the entries, or the error that fails the item.
	 */
	private async inputBinary(fns: IExecuteFunctions, i: number, parameters: IDataObject, budget: BinaryBudget): Promise<BinaryEntry[] | NodeError> {
		const binary = fns.getInputData()[i]?.binary ?? {};
		const entries: BinaryEntry[] = [];
		const before = budget.used;
		for (const key of namedBinaryKeys(parameters, Object.keys(binary))) {
			const meta = binary[key] as BinaryMeta;
			// The size n8n already knows is checked before the bytes are read; the bytes read are what count.
			const known = knownSize(meta);
			let refused = known !== undefined ? budget.refusal(key, known) : undefined;
			if (!refused) {
				const bytes = await fns.helpers.getBinaryDataBuffer(i, key);
				refused = budget.take(key, bytes.byteLength);
				if (!refused) entries.push(binaryEntry(key, bytes, meta));
			}
			if (refused) {
				// The item is not sent: what its other files took is given back.
				budget.used = before;
				return { ...refused, itemIndex: i };
			}
		}
		return entries;
	}

	/** The node's execute(): every item's parameters and files, one component call, every output back in input order. */
	async execute(fns: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = fns.getNode();
		const input = fns.getInputData();
		const continueOnFail = fns.continueOnFail();
		const { parameters: plan, budgets } = this.load();
		const failed = (error: NodeError, i: number): INodeExecutionData => ({ json: failedItemJson(error), pairedItem: { item: i } });

		// Each item's parameters, expressions resolved for that item. An item whose
		// expression fails is an error item (continue-on-fail) or ends the run.
		// Every input item's outputs, in the order the component gave them: a
		// component may give any number per item (a list, one per element).
		const results: INodeExecutionData[][] = Array.from({ length: input.length }, () => []);
		const sent: number[] = [];
		const items: InputItem[] = [];
		const parameterList: IDataObject[] = [];
		const binaryBudget = new BinaryBudget(maxBinaryBytes());
		for (let i = 0; i < input.length; i++) {
			let parameters: IDataObject;
			try {
				// Only the fields shown for this item's own resource and operation.
				parameters = plan.forItem(
					(name, fallback, { extractValue }) => fns.getNodeParameter(name, i, fallback as IDataObject[string], { extractValue }),
				) as IDataObject;
			} catch (error) {
				if (!continueOnFail) throw error;
				results[i].push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			if (parameters.resource === CUSTOM_API_CALL || parameters.operation === CUSTOM_API_CALL) {
				if (!continueOnFail) throw toN8nError(node, this.customApiCallError(), i);
				results[i].push(failed(this.customApiCallError(), i));
				continue;
			}
			const binary = await this.inputBinary(fns, i, parameters, binaryBudget);
			if (!Array.isArray(binary)) {
				if (!continueOnFail) throw toN8nError(node, binary, i);
				results[i].push(failed(binary, i));
				continue;
			}
			sent.push(i);
			parameterList.push(parameters);
			items.push({ json: JSON.stringify(input[i].json ?? {}), binary, parameters: JSON.stringify(parameters) });
		}

		if (items.length > 0) {
			const preparation = await this.prepareCredentials(fns);
			if (!preparation.ok) {
				// Nothing can be sent without the credential: with continue-on-fail
				// every item says so, otherwise the run ends.
				if (!continueOnFail) throw toN8nError(node, preparation.error);
				for (const i of sent) results[i].push(failed({ ...preparation.error, itemIndex: i }, i));
			} else {
				const { prepared } = preparation;
				// What the node declares each item may take, capped by the administrator.
				const deadlineMs = budgets.callMs(parameterList, positiveEnv(MAX_CALL_MS_ENV, DEFAULT_MAX_CALL_MS));
				const reply = await this.call(
					fns,
					{ op: 'execute', credentials: prepared.guestCredentials, items, settings: { continueOnFail, deadlineMs: BigInt(deadlineMs) } },
					deadlineMs + WORKER_GRACE_MS,
					preparation,
				);
				if (!reply.ok) {
					if ('crash' in reply) throw new NodeOperationError(node, `${this.description().displayName} failed: ${reply.crash}`);
					const index = reply.nodeError.itemIndex;
					throw toN8nError(node, reply.nodeError, index !== undefined ? sent[index] : undefined);
				}
				for (const out of reply.value as OutputItem[]) {
					const original = sent[out.pairedItem];
					if (original === undefined) throw new NodeOperationError(node, `the component paired an output to unknown item ${out.pairedItem}`);
					results[original].push(await toExecutionData(fns, out, original));
				}
			}
		}
		return [results.flat()];
	}
}

/** A component's search page as n8n's list-search result (values as text: a locator holds text). */
export function toListSearchResult(page: SearchPage): INodeListSearchResult {
	const results = page.results.map((option): INodeListSearchItems => {
		const value = optionJson(option);
		const out: INodeListSearchItems = { name: option.name, value: typeof value === 'string' ? value : String(value) };
		if (option.description !== undefined) out.description = option.description;
		return out;
	});
	return { results, paginationToken: page.paginationToken };
}

async function toExecutionData(fns: IExecuteFunctions, out: OutputItem, itemIndex: number): Promise<INodeExecutionData> {
	// A failed item's JSON is rendered from its error, the contract's one copy.
	const json = out.error !== undefined ? failedItemJson(out.error) : (JSON.parse(out.json) as IDataObject);
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (out.binary.length > 0) {
		item.binary = {};
		for (const entry of out.binary) {
			const data = await fns.helpers.prepareBinaryData(Buffer.from(entry.data), entry.fileName, entry.mimeType);
			if (entry.fileExtension) data.fileExtension = entry.fileExtension;
			item.binary[entry.key] = data;
		}
	}
	return item;
}

const runtimes = new Map<string, NodeRuntime>();

/** The one runtime per component folder in this process (the node and its credential share it). */
export function nodeRuntime(componentDir: string): NodeRuntime {
	let runtime = runtimes.get(componentDir);
	if (!runtime) {
		runtime = new NodeRuntime(componentDir);
		runtimes.set(componentDir, runtime);
	}
	return runtime;
}
