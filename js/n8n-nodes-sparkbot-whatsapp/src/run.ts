// The node's behaviour in n8n: read n8n's parameters and credentials, call
// the component off the main thread, and hand its answer back in n8n's terms
// (items paired to their input, binary through n8n's helpers, errors as
// NodeApiError / NodeOperationError with the item index).
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
import type { Credentials, InputItem, NodeDescription, NodeError, OptionValue, OutputItem } from './component';
import { callComponent, callComponentSync, ComponentCrash } from './client';
import type { Call } from './protocol';
import { adminOrigins, allowedOrigin } from './policy';

export const CREDENTIAL_TYPE = 'sparkBotApi';

let described: NodeDescription | undefined;

/** The component's describe(), run once per process (on a worker, waited for synchronously). */
export function componentDescription(): NodeDescription {
	if (!described) {
		const reply = callComponentSync({ op: 'describe' }, 30_000);
		if (!reply.ok) {
			throw new ComponentCrash(
				`SparkBot WhatsApp: describe() failed: ${'crash' in reply ? reply.crash : reply.nodeError.message}`,
			);
		}
		described = reply.value as NodeDescription;
	}
	return described;
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

/** Sum of the items' own timeouts, plus a minute for the rest: past it the worker is stopped. */
function deadlineFor(parameters: IDataObject[]): number {
	let total = 60_000;
	for (const p of parameters) {
		const timeout = (p.options as IDataObject | undefined)?.timeout;
		total += typeof timeout === 'number' && timeout > 0 && timeout <= 600_000 ? timeout : 30_000;
	}
	return total;
}

async function credentialsOf(fns: IExecuteFunctions | ILoadOptionsFunctions): Promise<{ credentials: Credentials; origin?: string }> {
	const data = await fns.getCredentials(CREDENTIAL_TYPE);
	const type = componentDescription().credentialTypes.find((t) => t.name === CREDENTIAL_TYPE);
	const fallback = type?.properties.find((p) => p.name === 'baseUrl')?.default;
	const origin = allowedOrigin(data.baseUrl, fallback ? (JSON.parse(fallback) as string) : '', adminOrigins());
	return { credentials: { name: CREDENTIAL_TYPE, data: JSON.stringify({ baseUrl: data.baseUrl, apiKey: data.apiKey }) }, origin };
}

async function call(node: INode, request: Call, deadlineMs: number, origin: string | undefined) {
	try {
		return await callComponent(request, deadlineMs, origin);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message);
	}
}

/** methods.loadOptions.getDevices: the WhatsApp Number dropdown. */
export async function loadOptions(this: ILoadOptionsFunctions, method: string): Promise<INodePropertyOptions[]> {
	const node = this.getNode();
	const parameters = JSON.stringify(this.getCurrentNodeParameters() ?? {});
	const { credentials, origin } = await credentialsOf(this);
	const reply = await call(node, { op: 'loadOptions', method, credentials, parameters }, 90_000, origin);
	if (!reply.ok) {
		if ('crash' in reply) throw new NodeOperationError(node, `SparkBot WhatsApp failed: ${reply.crash}`);
		throw toN8nError(node, reply.nodeError);
	}
	return (reply.value as OptionValue[]).map((option) => {
		const out: INodePropertyOptions = { name: option.name, value: JSON.parse(option.value) as string };
		if (option.description !== undefined) out.description = option.description;
		return out;
	});
}

/** The node's execute(): every item's parameters, one component call, items back in order. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const input = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const fields = componentDescription().properties.filter((p) => p.parent === undefined);

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
		sent.push(i);
		parameterList.push(parameters);
		items.push({ json: JSON.stringify(input[i].json ?? {}), binary: [], parameters: JSON.stringify(parameters) });
	}

	if (items.length > 0) {
		const { credentials, origin } = await credentialsOf(this);
		const reply = await call(
			node,
			{ op: 'execute', credentials, items, settings: { continueOnFail } },
			deadlineFor(parameterList),
			origin,
		);
		if (!reply.ok) {
			if ('crash' in reply) throw new NodeOperationError(node, `SparkBot WhatsApp failed: ${reply.crash}`);
			const index = reply.nodeError.itemIndex;
			throw toN8nError(node, reply.nodeError, index !== undefined ? sent[index] : undefined);
		}
		for (const out of reply.value as OutputItem[]) {
			const original = sent[out.pairedItem];
			if (original === undefined) throw new NodeOperationError(node, `the component paired an output to unknown item ${out.pairedItem}`);
			results[original] = await toExecutionData.call(this, out, original);
		}
	}
	return [results.filter((item): item is INodeExecutionData => item !== undefined)];
}

async function toExecutionData(this: IExecuteFunctions, out: OutputItem, itemIndex: number): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: JSON.parse(out.json) as IDataObject, pairedItem: { item: itemIndex } };
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
