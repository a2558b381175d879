// The one converter (description.ts) on the component's real describe(), the
// description itself checked against what the Rust host reads from the same
// .wasm (`host-test describe`: the WIT records), and descriptions the
// converter must refuse.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DescriptionError, toCredentialType, toNodeTypeDescription } from '../description';
import { nodeRuntime } from '../run';

const componentDescription = () => nodeRuntime(join(__dirname, '..', '..', 'component')).description();
import { SparkBotWhatsApp } from '../nodes/SparkBotWhatsApp/SparkBotWhatsApp.node';
import { SparkBotApi } from '../credentials/SparkBotApi.credentials';
import type { CredentialType, NodeDescription, Property } from '../component';

const hostTest =
	process.env.HOST_TEST_BIN ??
	join(process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'sparkbot-whatsapp', 'target'), 'debug', 'host-test');

test('the node class carries the converted description', () => {
	const d = new SparkBotWhatsApp().description;
	assert.equal(d.name, 'sparkBotWhatsApp');
	assert.deepEqual(d.inputs, ['main']);
	assert.deepEqual(d.credentials, [{ name: 'sparkBotApi', required: true }]);
	// The session resource's part of the form (each resource has its own fields).
	const shownFor = (p: (typeof d.properties)[number]) => p.displayOptions?.show?.resource as string[] | undefined;
	const session = d.properties.filter((p) => !p.displayOptions || shownFor(p)?.includes('whatsappSession'));
	const names = session.map((p) => p.name);
	assert.deepEqual(names, ['resource', 'operation', 'device', 'force', 'encoding', 'wait', 'force', 'phone', 'options', 'options', 'options', 'options']);
	const operation = session.find((p) => p.name === 'operation')!;
	const ops = operation.options as { value: string; action?: string }[];
	assert.deepEqual(ops.map((o) => o.value), ['scanQr', 'scanQrAndWait', 'getDevice', 'syncSession', 'startDevice', 'resetDevice', 'rebootDevice', 'deviceHealth', 'requestAuthCode']);
	assert.ok(ops.every((o) => typeof o.action === 'string' && o.action.length > 0), 'every operation has an action label');
	const device = session.find((p) => p.name === 'device')!;
	assert.equal(device.typeOptions?.loadOptionsMethod, 'getDevices');
	assert.deepEqual(device.displayOptions?.show, { resource: ['whatsappSession'], operation: ops.map((o) => o.value) });
	// One options collection per operation that has options, each with only its own children.
	const collections = session.filter((p) => p.name === 'options');
	const children = collections.map((c) => [c.displayOptions?.show?.operation, (c.options as { name: string; default: unknown; displayOptions?: unknown }[]).map((o) => [o.name, o.default, o.displayOptions])]);
	assert.deepEqual(children, [
		[['scanQr'], [['timeout', 30000, undefined]]],
		[['scanQrAndWait'], [['timeout', 120000, undefined], ['pollInterval', 3000, undefined]]],
		[['resetDevice'], [['deleteData', false, undefined], ['wait', false, undefined], ['emptyQueue', false, undefined]]],
		[['rebootDevice'], [['force', false, undefined], ['wait', false, undefined], ['sync', false, undefined]]],
	]);
	const encoding = d.properties.find((p) => p.name === 'encoding')!;
	assert.deepEqual(
		(encoding.options as { value: unknown }[]).map((o) => o.value),
		['svg', 'json', 'base64', 'base64_uri', 'uri', 'image'],
	);
	// One n8n load-options method per method the component's properties name,
	// one list-search method per resource locator's search, and no other.
	const props = componentDescription().properties;
	const unique = (names: (string | undefined)[]) => [...new Set(names.filter((m): m is string => m !== undefined))].sort();
	const { methods } = new SparkBotWhatsApp();
	assert.deepEqual(Object.keys(methods.loadOptions).sort(), unique(props.map((p) => p.typeOptions?.loadOptionsMethod)));
	assert.deepEqual(Object.keys(methods.listSearch).sort(), unique(props.flatMap((p) => (p.typeOptions?.locatorModes ?? []).map((m) => m.searchMethod))));
	assert.ok(Object.keys(methods.loadOptions).includes('getDevices') && Object.keys(methods.listSearch).includes('searchChats'));
});

test("the icon describe() names is shipped beside the node, light and dark, and n8n gets both", () => {
	const named = componentDescription().icon!;
	assert.match(named, /^file:[\w.-]+\.svg$/);
	const d = new SparkBotWhatsApp().description;
	const file = named.slice('file:'.length);
	const dark = file.replace(/\.svg$/, '.dark.svg');
	assert.deepEqual(d.icon, { light: `file:${file}`, dark: `file:${dark}` });
	assert.deepEqual(new SparkBotApi().icon, d.icon, 'the credential form shows the same icon');
	const folder = join(__dirname, '..', 'nodes', 'SparkBotWhatsApp');
	for (const f of [file, dark]) {
		const svg = readFileSync(join(folder, f), 'utf8');
		assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 64 64"/, f);
	}
});

test('a file icon the package does not ship is refused; without a dark variant it stays one file; fa: icons pass', () => {
	const base = componentDescription();
	assert.throws(() => toNodeTypeDescription({ ...base, icon: 'file:missing.svg' }, { files: ['other.svg'] }), /ships no missing\.svg/);
	assert.equal(toNodeTypeDescription({ ...base, icon: 'file:only.svg' }, { files: ['only.svg'] }).icon, 'file:only.svg');
	assert.equal(toNodeTypeDescription({ ...base, icon: 'fa:qrcode' }, { files: [] }).icon, 'fa:qrcode');
});

/**
 * A jco record as `host-test describe` prints the WIT record: kebab-case
 * field names, JSON texts (`default`, `value`, `values`) parsed, a variant
 * `{tag, val}` as `{tag: val}`, absent options left out (null on the Rust side),
 * a u64 (a BigInt in jco) as the number JSON prints.
 */
function asWit(value: unknown, key = ''): unknown {
	if (typeof value === 'bigint') return Number(value);
	if (typeof value === 'string' && (key === 'default' || key === 'value' || key === 'values[]')) return JSON.parse(value);
	if (Array.isArray(value)) return value.map((v) => asWit(v, `${key}[]`));
	if (typeof value === 'object' && value !== null) {
		const o = value as Record<string, unknown>;
		if (typeof o.tag === 'string' && 'val' in o && Object.keys(o).length === 2) return { [o.tag]: asWit(o.val) };
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(o)) {
			if (v === undefined || v === null) continue;
			out[k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = asWit(v, k);
		}
		return out;
	}
	return value;
}

function withoutNulls(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNulls);
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
	}
	return value;
}

test('describe() through jco is the description the Rust host reads (`host-test describe`)', (t) => {
	assert.ok(existsSync(hostTest), `no host-test binary at ${hostTest}; set HOST_TEST_BIN`);
	const rust = JSON.parse(execFileSync(hostTest, ['describe'], { encoding: 'utf8' })) as Record<string, unknown>;
	assert.ok('credential-types' in rust, `host-test describe prints the WIT records (kebab-case); got keys ${Object.keys(rust).join(', ')}`);
	// Both sides without nulls: a default whose JSON text is `null` parses to null in each.
	assert.deepEqual(withoutNulls(asWit(componentDescription())), withoutNulls(rust));
	t.diagnostic(`compared ${(rust.properties as unknown[]).length} properties and ${(rust['credential-types'] as unknown[]).length} credential type(s)`);
});

test('the credential class: Base URL, a password API key, authenticate and the test from the description', () => {
	const c = new SparkBotApi();
	assert.equal(c.name, 'sparkBotApi');
	assert.equal(c.displayName, 'SparkBot API');
	assert.deepEqual(c.properties.map((p) => p.name), ['baseUrl', 'apiKey']);
	assert.equal(c.properties[0].default, 'https://api.wassenger.com/v1');
	assert.equal(c.properties[1].typeOptions?.password, true);
	assert.deepEqual(c.authenticate, { type: 'generic', properties: { headers: { Token: '={{$credentials.apiKey}}' } } });
	assert.deepEqual(c.test, { request: { baseURL: '={{$credentials.baseUrl}}', url: '/devices', method: 'GET' } });
	assert.throws(() => toCredentialType(componentDescription(), 'otherApi'), DescriptionError);
});

const plain: Property = {
	name: 'x', displayName: 'X', type: 'string', default: '""', required: false, options: [],
	noDataExpression: false,
};

const BEARER: CredentialType = {
	name: 'echoApi',
	displayName: 'Echo API',
	properties: [
		{ ...plain, name: 'url', displayName: 'URL', default: '"http://127.0.0.1:9/echo"' },
		{ ...plain, name: 'token', displayName: 'Token' },
		{ ...plain, name: 'label', displayName: 'Label' },
	],
	baseUrlField: 'url',
	secrets: [{ field: 'token', placement: { tag: 'header', val: { name: 'Authorization', prefix: 'Bearer ' } } }],
	test: { method: 'post', path: '/check' },
};

function withCredential(type: CredentialType): NodeDescription {
	return { ...componentDescription(), credentials: [{ name: type.name, required: true }], credentialTypes: [type] };
}

test('any credential type converts the same way: secrets masked, headers with their prefix, the test on its base-URL field', () => {
	const c = toCredentialType(withCredential(BEARER), 'echoApi');
	assert.deepEqual(c.properties.map((p) => [p.name, p.typeOptions?.password === true]), [['url', false], ['token', true], ['label', false]]);
	assert.deepEqual(c.authenticate, { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } } });
	assert.deepEqual(c.test, { request: { baseURL: '={{$credentials.url}}', url: '/check', method: 'POST' } });
	const none = toCredentialType(withCredential({ ...BEARER, secrets: [], test: undefined }), 'echoApi');
	assert.equal(none.authenticate, undefined);
	assert.equal(none.test, undefined);
	assert.equal(none.properties[1].typeOptions, undefined);
});

test('credential types n8n cannot express are refused, naming the problem', () => {
	const refused = (type: CredentialType, message: RegExp) => assert.throws(() => toCredentialType(withCredential(type), type.name), (e: unknown) => e instanceof DescriptionError && message.test((e as Error).message));
	const header = (name: string, prefix: string) => [{ field: 'token', placement: { tag: 'header' as const, val: { name, prefix } } }];
	refused({ ...BEARER, baseUrlField: 'nowhere' }, /base-url-field "nowhere"/);
	refused({ ...BEARER, secrets: header('Authorization', 'Bearer {{1}} ') }, /holds \{ or \}/);
	refused({ ...BEARER, secrets: header('Bad Header', '') }, /not a header name/);
	refused({ ...BEARER, test: { method: 'TRACE', path: '/' } }, /not one n8n sends/);
	const odd = { ...BEARER.properties[1], name: 'to-ken' };
	refused({ ...BEARER, properties: [BEARER.properties[0], odd], secrets: [{ field: 'to-ken', placement: { tag: 'header', val: { name: 'X-Key', prefix: '' } } }] }, /cannot be read in an n8n expression/);
});

function withProperties(properties: Property[], extra: Partial<NodeDescription> = {}): NodeDescription {
	return { ...componentDescription(), properties, ...extra };
}

test('descriptions n8n cannot express are refused, naming the field', () => {
	assert.throws(() => toNodeTypeDescription(withProperties([{ ...plain, default: 'not json' }])), /property "x" default: not JSON/);
	assert.throws(() => toNodeTypeDescription(withProperties([{ ...plain, name: 'y', parent: 'x' }, plain])), /parent "x" is not a collection/);
	assert.throws(() => toNodeTypeDescription(withProperties([plain, plain])), /listed twice/);
	assert.throws(() => toNodeTypeDescription(withProperties([plain], { group: ['nowhere'] })), /unknown group/);
	assert.throws(() => toNodeTypeDescription(withProperties([plain], { inputs: ['ai_tool'] })), /unknown connection/);
	assert.throws(
		() => toNodeTypeDescription(withProperties([{ ...plain, type: 'options', options: [{ name: 'o', value: '{"a":1}' }] }])),
		/value must be a string, number or boolean/,
	);
	const ok = toNodeTypeDescription(withProperties([{ ...plain, type: 'multi-options', default: '[]', options: [{ name: 'A', value: '1' }] }]));
	assert.equal(ok.properties[0].type, 'multiOptions');
	assert.deepEqual(ok.properties[0].options, [{ name: 'A', value: 1 }]);
});
