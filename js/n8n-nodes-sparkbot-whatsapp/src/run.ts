// The node's behaviour in n8n: read n8n's parameters and credentials, let
// the host layer (host/) check the credential and split off its secrets,
// call the component off the main thread, and hand its answer back in n8n's
// terms (items paired to their input, binary through n8n's helpers, failed
// items rendered from their error, errors as NodeApiError /
// NodeOperationError with the item index). What the credential is called and
// what its fields mean come from the component's describe().
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type INodeExecutionData,
	type INodePropertyOptions,
	type JsonObject,
} from 'n8n-workflow';
import type { InputItem, NodeDescription, NodeError, OptionValue, OutputItem } from './component';
import { callComponent, ComponentCrash, describeComponent } from './client';
import { CredentialModels, type Prepared } from './host/credentials';
import { failedItemJson, type Call } from './host/node';
import { parseOriginList } from './host/policy';

/** The administrator's allow-list of origins (comma-separated); empty: no narrowing. */
export const ALLOWED_ORIGINS_ENV = 'SPARKBOT_ALLOWED_ORIGINS';

/** The value n8n gives `resource` and `operation` for its "Custom API Call" entry. */
export const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

let described: { description: NodeDescription; models: CredentialModels } | undefined;

function loadDescription() {
	if (!described) {
		let description: NodeDescription;
		try {
			description = describeComponent() as NodeDescription;
		} catch (error) {
			throw new ComponentCrash(`describe() failed: ${(error as Error).message}`);
		}
		described = { description, models: new CredentialModels(description) };
	}
	return described;
}

/** The component's describe(), run once per process (on this thread, no I/O granted). */
export function componentDescription(): NodeDescription {
	return loadDescription().description;
}

/** The credential type the node uses: the first it names. */
export function credentialTypeName(): string {
	const [first] = componentDescription().credentials;
	if (!first) throw new ComponentCrash(`the component ${componentDescription().name} names no credential`);
	return first.name;
}

/** Kinds that mean the API (or the way to it) answered badly: n8n's NodeApiError. */
const API_KINDS = new Set(['authentication', 'not-found', 'session-state', 'rate-limited', 'network', 'timeout', 'service-error']);

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

/** Sum of the items' own timeouts, plus a minute for the rest: the call's deadline. */
function deadlineFor(parameters: IDataObject[]): number {
	let total = 60_000;
	for (const p of parameters) {
		const timeout = (p.options as IDataObject | undefined)?.timeout;
		total += typeof timeout === 'number' && timeout > 0 && timeout <= 600_000 ? timeout : 30_000;
	}
	return total;
}

/** Time for the worker to start and answer beyond the deadline the node is told, before it is stopped. */
const WORKER_GRACE_MS = 5_000;

/** The node's credential from n8n, checked and split by the host layer (secrets kept here). */
async function prepareCredentials(fns: IExecuteFunctions | ILoadOptionsFunctions): Promise<{ ok: true; prepared: Prepared } | { ok: false; error: NodeError }> {
	const name = credentialTypeName();
	const data = await fns.getCredentials(name);
	return loadDescription().models.prepare(name, data, parseOriginList(process.env[ALLOWED_ORIGINS_ENV]));
}

async function call(node: INode, request: Call, stopAfterMs: number, prepared: Prepared) {
	try {
		return await callComponent(request, stopAfterMs, prepared.grant, prepared.secrets);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message);
	}
}

/** methods.loadOptions.<method>: a dynamic dropdown. */
export async function loadOptions(this: ILoadOptionsFunctions, method: string): Promise<INodePropertyOptions[]> {
	const node = this.getNode();
	const parameters = JSON.stringify(this.getCurrentNodeParameters() ?? {});
	const preparation = await prepareCredentials(this);
	if (!preparation.ok) throw toN8nError(node, preparation.error);
	const { prepared } = preparation;
	const reply = await call(node, { op: 'loadOptions', method, credentials: prepared.guestCredentials, parameters }, 90_000, prepared);
	if (!reply.ok) {
		if ('crash' in reply) throw new NodeOperationError(node, `${componentDescription().displayName} failed: ${reply.crash}`);
		throw toN8nError(node, reply.nodeError);
	}
	return (reply.value as OptionValue[]).map((option) => {
		const out: INodePropertyOptions = { name: option.name, value: JSON.parse(option.value) as string };
		if (option.description !== undefined) out.description = option.description;
		return out;
	});
}

/**
 * n8n offers "Custom API Call" in the resource and operation dropdowns of
 * any node whose credential has `authenticate`; this node has no such
 * operation: it says what to use instead.
 */
function customApiCallError(): NodeError {
	const d = componentDescription();
	const credential = d.credentialTypes.find((t) => t.name === credentialTypeName())?.displayName ?? credentialTypeName();
	return {
		kind: 'invalid-parameter',
		message: `${d.displayName} has no Custom API Call. To call the API directly, use n8n's HTTP Request node with Authentication "Predefined Credential Type" and the credential type "${credential}".`,
		description: 'The HTTP Request node sends the credential the way this node does.',
	};
}

/** The node's execute(): every item's parameters, one component call, items back in order. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const input = this.getInputData();
	const continueOnFail = this.continueOnFail();
	// Top-level names once each: several operations may share a name (each
	// shown for its own operation); n8n gives the value of the one shown.
	const fields = [...new Map(componentDescription().properties.filter((p) => p.parent === undefined).map((p) => [p.name, p])).values()];
	const failed = (error: NodeError, i: number): INodeExecutionData => ({ json: failedItemJson(error), pairedItem: { item: i } });

	// Each item's parameters, expressions resolved for that item. An item whose
	// expression fails is an error item (continue-on-fail) or ends the run.
	const results: (INodeExecutionData | undefined)[] = new Array(input.length);
	const sent: number[] = [];
	const items: InputItem[] = [];
	const parameterList: IDataObject[] = [];
	for (let i = 0; i < input.length; i++) {
		const parameters: IDataObject = {};
		try {
			for (const field of fields) {
				parameters[field.name] = this.getNodeParameter(field.name, i, JSON.parse(field.default)) as IDataObject[string];
			}
		} catch (error) {
			if (!continueOnFail) throw error;
			results[i] = { json: { error: (error as Error).message }, pairedItem: { item: i } };
			continue;
		}
		if (parameters.resource === CUSTOM_API_CALL || parameters.operation === CUSTOM_API_CALL) {
			if (!continueOnFail) throw toN8nError(node, customApiCallError(), i);
			results[i] = failed(customApiCallError(), i);
			continue;
		}
		sent.push(i);
		parameterList.push(parameters);
		items.push({ json: JSON.stringify(input[i].json ?? {}), binary: [], parameters: JSON.stringify(parameters) });
	}

	if (items.length > 0) {
		const preparation = await prepareCredentials(this);
		if (!preparation.ok) {
			// Nothing can be sent without the credential: with continue-on-fail
			// every item says so, otherwise the run ends.
			if (!continueOnFail) throw toN8nError(node, preparation.error);
			for (const i of sent) results[i] = failed({ ...preparation.error, itemIndex: i }, i);
		} else {
			const { prepared } = preparation;
			const deadlineMs = deadlineFor(parameterList);
			const reply = await call(
				node,
				{ op: 'execute', credentials: prepared.guestCredentials, items, settings: { continueOnFail, deadlineMs: BigInt(deadlineMs) } },
				deadlineMs + WORKER_GRACE_MS,
				prepared,
			);
			if (!reply.ok) {
				if ('crash' in reply) throw new NodeOperationError(node, `${componentDescription().displayName} failed: ${reply.crash}`);
				const index = reply.nodeError.itemIndex;
				throw toN8nError(node, reply.nodeError, index !== undefined ? sent[index] : undefined);
			}
			for (const out of reply.value as OutputItem[]) {
				const original = sent[out.pairedItem];
				if (original === undefined) throw new NodeOperationError(node, `the component paired an output to unknown item ${out.pairedItem}`);
				results[original] = await toExecutionData.call(this, out, original);
			}
		}
	}
	return [results.filter((item): item is INodeExecutionData => item !== undefined)];
}

async function toExecutionData(this: IExecuteFunctions, out: OutputItem, itemIndex: number): Promise<INodeExecutionData> {
	// A failed item's JSON is rendered from its error, the contract's one copy.
	const json = out.error !== undefined ? failedItemJson(out.error) : (JSON.parse(out.json) as IDataObject);
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (out.binary.length > 0) {
		item.binary = {};
		for (const entry of out.binary) {
			const data = await this.helpers.prepareBinaryData(Buffer.from(entry.data), entry.fileName, entry.mimeType);
			if (entry.fileExtension) data.fileExtension = entry.fileExtension;
			item.binary[entry.key] = data;
		}
	}
	return item;
}
