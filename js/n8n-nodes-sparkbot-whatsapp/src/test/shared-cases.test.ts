// tests/cases/shared.json through the n8n node class (the code real n8n runs:
// parameters per item, the worker, n8n's items, binary and errors), with
// n8n's functions faked. Same cases as the Rust host and the jco runner, and
// the same matcher (js/shared/cases.mjs); what n8n gives is read into its
// shape here: pairedItem {item: n}, binary as IBinaryData, a failed item's
// error in its JSON (errorKind, httpStatus; its index is its pairedItem), a
// thrown error's kind, item index and Retry-After in its context, its status
// in httpCode.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type ILoadOptionsFunctions, type INode } from 'n8n-workflow';
import { SparkBotWhatsApp } from '../nodes/SparkBotWhatsApp/SparkBotWhatsApp.node';
import { SparkBotApi } from '../credentials/SparkBotApi.credentials';
import { nodeRuntime } from '../run';
import { JCO_SUPPORT, startMock, type Mock } from './support/mock';
import { standInRequestHelper } from './support/n8n-request';

type Expect = Record<string, any>;
interface Case { name: string; call: string; method?: string; parameters?: IDataObject; credentials?: { baseUrl?: string; apiKey?: string }; faults?: unknown[]; sessions?: unknown[]; setup?: unknown[]; items?: { json?: IDataObject; parameters: IDataObject }[]; continueOnFail?: boolean; expect: Expect }
const file = process.env.SPARKBOT_SHARED_CASES ?? join(__dirname, '..', '..', '..', '..', 'tests', 'cases', 'shared.json');
// The matcher is an ES module shared with the other JS hosts; read the case list synchronously for test().
if (!existsSync(file)) throw new Error(`the shared case file is missing: ${file}`);
const { cases, caseCount } = JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[]; caseCount: number };
if (cases.length !== caseCount) throw new Error(`${file} holds ${cases.length} cases, its caseCount says ${caseCount}`);
const shared = join(__dirname, '..', '..', '..', 'shared', 'cases.mjs');
/** The case's view of the mock, as prepareMock gives it. */
interface View {
	payloadOf(id: string): Promise<string>;
	requestCount(): Promise<number>;
	store(): Promise<unknown>;
}
interface Shared {
	loadCases(file: string): Case[];
	prepareMock(mock: Mock, c: Case): Promise<View>;
	checkCase(c: Case, outcome: unknown, ctx: View & { decodePngQr(bytes: Uint8Array): string }): Promise<void>;
}
const support = JCO_SUPPORT;
const NODE: INode = { id: '1', name: 'SparkBot WhatsApp', type: 'sparkBotWhatsApp', typeVersion: 1, position: [0, 0], parameters: {} };
const node = new SparkBotWhatsApp();
const runtime = nodeRuntime(join(__dirname, '..', '..', 'component'));

function fake(creds: IDataObject, items: Case['items'], continueOnFail: boolean, parameters: IDataObject = {}) {
	return {
		getNode: () => NODE,
		getInputData: () => (items ?? []).map((item) => ({ json: item.json ?? {} })),
		continueOnFail: () => continueOnFail,
		getCredentials: async () => creds,
		getNodeParameter: (name: string, i: number, fallback: unknown) => items![i].parameters[name] ?? fallback,
		getCurrentNodeParameters: () => parameters,
		helpers: {
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({ data: data.toString('base64'), fileName, mimeType }),
			httpRequestWithAuthentication: standInRequestHelper(new SparkBotApi().authenticate, async () => creds),
		},
	} as unknown as IExecuteFunctions & ILoadOptionsFunctions;
}

describe('shared cases (tests/cases/shared.json) through the n8n node', () => {
	let mock: Mock;
	let decodePngQr: (bytes: Uint8Array) => string;
	let matcher: Shared;
	before(async () => {
		matcher = (await import(pathToFileURL(shared).href)) as Shared;
		mock = await startMock();
		({ decodePngQr } = (await import(pathToFileURL(join(support, 'qr.mjs')).href)) as { decodePngQr: (b: Uint8Array) => string });
	});
	after(async () => mock?.stop());

	/** What n8n gave, in the shared matcher's shape. */
	function outcomeOf(c: Case, result: any, error: any) {
		if (error) {
			const e: Record<string, unknown> = { kind: error.context?.kind, message: error.message };
			if (error.httpCode !== undefined && error.httpCode !== null) e.httpStatus = Number(error.httpCode);
			if (error.context?.itemIndex !== undefined) e.itemIndex = error.context.itemIndex;
			if (error.context?.retryAfterSeconds !== undefined) e.retryAfterSeconds = error.context.retryAfterSeconds;
			return { error: e };
		}
		if (c.call === 'describe') {
			// A collection's options, and a fixed collection's fields, are the component's properties
			// under it: they follow it (depth first), as describe() lists them flat.
			type Prop = { name: string; type: string; options?: (Prop & { values?: Prop[] })[] };
			const flatten = (p: Prop): string[] => [
				p.name,
				...(p.type === 'collection' ? (p.options ?? []).flatMap(flatten) : []),
				...(p.type === 'fixedCollection' ? (p.options ?? []).flatMap((g) => (g.values ?? []).flatMap(flatten)) : []),
			];
			const names = (result.properties as Prop[]).flatMap(flatten);
			return { propertyNames: names };
		}
		if (c.call === 'loadOptions') return { options: result };
		return {
			items: (result as any[]).map((got) => {
				const item: Record<string, unknown> = {
					pairedItem: got.pairedItem?.item,
					json: got.json,
					binary: Object.fromEntries(
						Object.entries((got.binary ?? {}) as Record<string, any>).map(([key, b]) => [
							key,
							{ mimeType: b.mimeType, fileName: b.fileName, fileExtension: b.fileExtension, bytes: Buffer.from(b.data, 'base64') },
						]),
					),
				};
				if (typeof got.json.error === 'string') {
					const e: Record<string, unknown> = { kind: got.json.errorKind, itemIndex: got.pairedItem?.item };
					if (got.json.httpStatus !== undefined) e.httpStatus = got.json.httpStatus;
					item.error = e;
				}
				return item;
			}),
		};
	}

	for (const c of cases) {
		test(c.name, async () => {
			const view = await matcher.prepareMock(mock, c);
			const creds = { baseUrl: c.credentials?.baseUrl ?? mock.baseUrl, apiKey: c.credentials?.apiKey ?? mock.apiKey };
			const fns = fake(creds, c.items, c.continueOnFail === true, c.parameters);
			let result: any;
			let error: any;
			try {
				if (c.call === 'describe') result = node.description;
				else if (c.call === 'loadOptions') result = await runtime.loadOptions(fns, c.method!); // any method, as the other hosts: the component answers
				else if (c.call === 'execute') [result] = await node.execute.call(fns);
				else assert.fail(`unknown call ${c.call}`);
			} catch (thrown) {
				if (!(thrown instanceof NodeApiError || thrown instanceof NodeOperationError)) throw thrown;
				error = thrown;
			}
			assert.ok(!JSON.stringify({ result, error, message: error?.message, description: error?.description }).includes(mock.apiKey), 'the API key leaked');
			await matcher.checkCase(c, outcomeOf(c, result, error), { ...view, decodePngQr });
		});
	}
});
