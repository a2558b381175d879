// toNodeTypeDescription / toCredentialType on the component's real describe(),
// compared with what the Rust host prints, and on descriptions they must refuse.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DescriptionError, toCredentialType, toNodeTypeDescription } from '../description';
import { componentDescription } from '../run';
import { SparkBotWhatsApp } from '../nodes/SparkBotWhatsApp/SparkBotWhatsApp.node';
import { SparkBotApi } from '../credentials/SparkBotApi.credentials';
import type { NodeDescription, Property } from '../component';

const hostTest =
	process.env.HOST_TEST_BIN ??
	join(process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache', 'sparkbot-whatsapp', 'target'), 'debug', 'host-test');

test('the node class carries the converted description', () => {
	const d = new SparkBotWhatsApp().description;
	assert.equal(d.name, 'sparkBotWhatsApp');
	assert.deepEqual(d.inputs, ['main']);
	assert.deepEqual(d.credentials, [{ name: 'sparkBotApi', required: true }]);
	const names = d.properties.map((p) => p.name);
	assert.deepEqual(names, ['resource', 'operation', 'device', 'force', 'encoding', 'options']);
	const device = d.properties.find((p) => p.name === 'device')!;
	assert.equal(device.typeOptions?.loadOptionsMethod, 'getDevices');
	assert.deepEqual(device.displayOptions?.show, { resource: ['whatsappSession'], operation: ['scanQr'] });
	const options = d.properties.find((p) => p.name === 'options')!;
	assert.equal(options.type, 'collection');
	assert.deepEqual(options.default, {});
	const [timeout] = options.options as { name: string; default: unknown }[];
	assert.equal(timeout.name, 'timeout');
	assert.equal(timeout.default, 30000);
	const encoding = d.properties.find((p) => p.name === 'encoding')!;
	assert.deepEqual(
		(encoding.options as { value: unknown }[]).map((o) => o.value),
		['svg', 'json', 'base64', 'base64_uri', 'uri', 'image'],
	);
	assert.equal(new SparkBotWhatsApp().methods.loadOptions.getDevices instanceof Function, true);
});

test('the conversion agrees with `host-test describe` (the Rust host)', (t) => {
	if (!existsSync(hostTest)) {
		assert.fail(`no host-test binary at ${hostTest}; set HOST_TEST_BIN`);
	}
	const rust = JSON.parse(execFileSync(hostTest, ['describe'], { encoding: 'utf8' })) as Record<string, unknown>;
	const ours = toNodeTypeDescription(componentDescription()) as unknown as Record<string, unknown>;
	for (const key of ['name', 'displayName', 'description', 'version', 'group', 'subtitle', 'icon', 'documentationUrl', 'defaults', 'inputs', 'outputs', 'credentials', 'properties']) {
		assert.deepEqual(ours[key], rust[key], `field ${key}`);
	}
	t.diagnostic(`compared ${(rust.properties as unknown[]).length} top-level properties`);
});

test('the credential class: Base URL, a password API key, a test request on the Base URL', () => {
	const c = new SparkBotApi();
	assert.equal(c.name, 'sparkBotApi');
	assert.deepEqual(c.properties.map((p) => p.name), ['baseUrl', 'apiKey']);
	assert.equal(c.properties[0].default, 'https://api.wassenger.com/v1');
	assert.equal(c.properties[1].typeOptions?.password, true);
	assert.deepEqual(c.test, { request: { baseURL: '={{$credentials.baseUrl}}', url: '/devices', method: 'GET' } });
	assert.throws(() => toCredentialType(componentDescription(), 'otherApi'), DescriptionError);
});

function withProperties(properties: Property[], extra: Partial<NodeDescription> = {}): NodeDescription {
	return { ...componentDescription(), properties, ...extra };
}

const plain: Property = {
	name: 'x', displayName: 'X', type: 'string', default: '""', required: false, options: [],
	noDataExpression: false,
};

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
