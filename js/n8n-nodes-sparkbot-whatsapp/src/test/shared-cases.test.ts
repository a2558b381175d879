// tests/cases/shared.json through the n8n node class (the code real n8n runs:
// parameters per item, the worker, n8n's items, binary and errors), with
// n8n's functions faked. Same cases as the Rust host and the jco runner; the
// expectations are read in n8n's terms: pairedItem {item: n}, binary as
// IBinaryData, a failed item's error in its JSON (errorKind), a thrown error's
// kind, item index and Retry-After in its context, its status in httpCode.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type ILoadOptionsFunctions, type INode } from 'n8n-workflow';
import { SparkBotWhatsApp } from '../nodes/SparkBotWhatsApp/SparkBotWhatsApp.node';
import { loadOptions } from '../run';

type Expect = Record<string, any>;
interface Case { name: string; call: string; method?: string; parameters?: IDataObject; credentials?: { baseUrl?: string; apiKey?: string }; faults?: unknown[]; sessions?: unknown[]; items?: { json?: IDataObject; parameters: IDataObject }[]; continueOnFail?: boolean; expect: Expect }
interface Mock { baseUrl: string; apiKey: string; stop(): Promise<void>; admin(method: string, path: string, body?: unknown): Promise<any> }

const file = process.env.SPARKBOT_SHARED_CASES ?? join(__dirname, '..', '..', '..', '..', 'tests', 'cases', 'shared.json');
if (!existsSync(file)) throw new Error(`the shared case file is missing: ${file}`);
const { cases, caseCount } = JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[]; caseCount: number };
if (cases.length !== caseCount) throw new Error(`${file} holds ${cases.length} cases, its caseCount says ${caseCount}`);
const support = join(__dirname, '..', '..', '..', 'jco', 'test', 'support');
const NODE: INode = { id: '1', name: 'SparkBot WhatsApp', type: 'sparkBotWhatsApp', typeVersion: 1, position: [0, 0], parameters: {} };
const node = new SparkBotWhatsApp();

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
		},
	} as unknown as IExecuteFunctions & ILoadOptionsFunctions;
}

describe('shared cases (tests/cases/shared.json) through the n8n node', () => {
	let mock: Mock;
	let decodePngQr: (bytes: Uint8Array) => string;
	before(async () => {
		mock = await ((await import(pathToFileURL(join(support, 'mock.mjs')).href)) as { startMock(): Promise<Mock> }).startMock();
		({ decodePngQr } = (await import(pathToFileURL(join(support, 'qr.mjs')).href)) as { decodePngQr: (b: Uint8Array) => string });
	});
	after(async () => mock?.stop());

	const payloadOf = async (id: string) => ((await mock.admin('GET', '/__mock/devices')) as { id: string; payload: string }[]).find((d) => d.id === id)!.payload;

	async function matchJson(actual: IDataObject, expected: Expect, where: string) {
		for (const [key, want] of Object.entries(expected)) {
			const got = actual[key];
			if (want && typeof want === 'object' && '$payloadOf' in want) assert.equal(got, await payloadOf(want.$payloadOf), `${where}.${key}`);
			else if (want && typeof want === 'object' && '$startsWith' in want) assert.ok(String(got).startsWith(want.$startsWith), `${where}.${key}`);
			else assert.deepEqual(got, want, `${where}.${key}`);
		}
	}

	for (const c of cases) {
		test(c.name, async () => {
			await mock.admin('POST', '/__mock/reset');
			for (const fault of c.faults ?? []) await mock.admin('POST', '/__mock/faults', fault);
			for (const session of c.sessions ?? []) await mock.admin('POST', '/__mock/session', session);
			const creds = { baseUrl: c.credentials?.baseUrl ?? mock.baseUrl, apiKey: c.credentials?.apiKey ?? mock.apiKey };
			const fns = fake(creds, c.items, c.continueOnFail === true, c.parameters);
			let result: any;
			let error: any;
			try {
				if (c.call === 'describe') result = node.description;
				else if (c.call === 'loadOptions') result = await loadOptions.call(fns, c.method!);
				else if (c.call === 'execute') [result] = await node.execute.call(fns);
				else assert.fail(`unknown call ${c.call}`);
			} catch (thrown) {
				if (!(thrown instanceof NodeApiError || thrown instanceof NodeOperationError)) throw thrown;
				error = thrown;
			}
			const { expect } = c;
			assert.ok(!JSON.stringify({ result, error, message: error?.message, description: error?.description }).includes(mock.apiKey), 'the API key leaked');
			if (expect.error) {
				assert.ok(error, `expected ${JSON.stringify(expect.error)}, got a result`);
				const want = expect.error;
				if ('kind' in want) assert.equal(error.context.kind, want.kind, 'kind');
				if ('httpStatus' in want) assert.equal(error.httpCode, String(want.httpStatus), 'httpCode');
				if ('itemIndex' in want) assert.equal(error.context.itemIndex, want.itemIndex, 'itemIndex');
				if ('retryAfterSeconds' in want) assert.equal(error.context.retryAfterSeconds, want.retryAfterSeconds, 'retryAfterSeconds');
				if (expect.messageContains) assert.ok(error.message.includes(expect.messageContains), error.message);
			} else {
				assert.equal(error, undefined, String(error?.message));
			}
			if (expect.propertyNames) {
				const names = (result.properties as { name: string; options?: { name?: string; displayName?: string }[]; type: string }[]).flatMap((p) => [
					p.name,
					...(p.type === 'collection' ? (p.options ?? []).map((o) => o.name!) : []),
				]);
				assert.deepEqual(names, expect.propertyNames);
			}
			if (expect.options) assert.deepEqual(result, expect.options);
			if (expect.items) {
				assert.equal(result.length, expect.items.length, 'number of items');
				for (const [i, want] of (expect.items as Expect[]).entries()) {
					const got = result[i];
					const where = `items[${i}]`;
					if ('pairedItem' in want) assert.deepEqual(got.pairedItem, { item: want.pairedItem }, `${where}.pairedItem`);
					if (want.json) await matchJson(got.json, want.json, `${where}.json`);
					assert.deepEqual(Object.keys(got.binary ?? {}).sort(), Object.keys(want.binary ?? {}).sort(), `${where}.binary`);
					for (const [key, entry] of Object.entries((want.binary ?? {}) as Record<string, Expect>)) {
						const { qrPayloadOf, ...fields } = entry;
						for (const [field, value] of Object.entries(fields)) assert.equal(got.binary[key][field], value, `${where}.binary.${key}.${field}`);
						if (qrPayloadOf) assert.equal(decodePngQr(Buffer.from(got.binary[key].data, 'base64')), await payloadOf(qrPayloadOf));
					}
					if (want.error) {
						assert.equal(got.json.errorKind, want.error.kind, `${where} errorKind`);
						assert.equal(typeof got.json.error, 'string', `${where} error message`);
						if ('httpStatus' in want.error) assert.equal(got.json.httpStatus, want.error.httpStatus);
					} else {
						assert.equal(got.json.error, undefined, `${where}: unexpected error ${got.json.error}`);
					}
				}
			}
			if ('requests' in expect) assert.equal((await mock.admin('GET', '/__mock/requests')).length, expect.requests, 'API requests');
		});
	}
});
