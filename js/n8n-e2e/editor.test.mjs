// What n8n's editor gets from the package, through a real `n8n start`: the
// node's description and credential type (the form it draws), and the
// WhatsApp Number dropdown through n8n's own load-options endpoint, against
// the embedded SparkBot API (a separate process).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMock } from '../jco/test/support/mock.mjs';
import { restClient, setupOwner, startN8n } from './support.mjs';

describe("n8n's editor API serves the node", () => {
  let mock;
  let scratch;
  let server;
  let rest;

  before(async () => {
    mock = await startMock();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-editor-'));
    server = await startN8n(scratch);
    rest = restClient(server.base);
    await server.ready();
    await setupOwner(rest);
  });

  after(async () => {
    await server?.stop();
    await mock?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('the node type, as the editor loads it, is the converted describe()', async () => {
    const { status, body } = await rest('GET', '/types/nodes.json');
    assert.equal(status, 200);
    const ours = body.find((type) => type.name === 'CUSTOM.sparkBotWhatsApp');
    assert.ok(ours, 'n8n lists CUSTOM.sparkBotWhatsApp');
    assert.equal(ours.displayName, 'SparkBot WhatsApp');
    const device = ours.properties.find((p) => p.name === 'device');
    assert.equal(device.typeOptions.loadOptionsMethod, 'getDevices');
    const encoding = ours.properties.find((p) => p.name === 'encoding');
    assert.deepEqual(encoding.options.map((o) => o.value), ['svg', 'json', 'base64', 'base64_uri', 'uri', 'image']);
    // n8n adds "Custom API Call" to resource and operation, because the
    // credential type has `authenticate`; the node answers it (n8n.test.mjs).
    // The resources are the committed describe() snapshot's (generated from the catalog).
    const snapshot = JSON.parse(readFileSync(new URL('../../tests/cases/describe.json', import.meta.url), 'utf8'));
    const want = snapshot.properties.find((p) => p.name === 'resource').options.map((o) => o.value);
    const resource = ours.properties.find((p) => p.name === 'resource');
    assert.deepEqual(resource.options.map((o) => o.value), [...want, '__CUSTOM_API_CALL__']);
    const credentials = (await rest('GET', '/types/credentials.json')).body;
    const credential = credentials.find((type) => type.name === 'sparkBotApi');
    assert.ok(credential, 'n8n lists the sparkBotApi credential type');
    assert.equal(credential.displayName, 'SparkBot API');
    assert.equal(credential.properties.find((p) => p.name === 'apiKey').typeOptions.password, true);
    assert.deepEqual(credential.authenticate, { type: 'generic', properties: { headers: { Token: '={{$credentials.apiKey}}' } } });
  });

  test('the AI tool variant is offered without N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: n8n 2.x lists it for any usableAsTool node', async () => {
    // This n8n's environment is n8nEnv's own (nothing inherited but PATH): the setting is unset.
    const { body } = await rest('GET', '/types/nodes.json');
    const tool = body.find((type) => type.name === 'CUSTOM.sparkBotWhatsAppTool');
    assert.ok(tool, 'n8n lists CUSTOM.sparkBotWhatsAppTool');
    assert.deepEqual(tool.outputs, ['ai_tool']);
  });

  test('"Test credential": n8n sends the derived test request with the derived authenticate', async () => {
    const results = {};
    for (const [label, apiKey] of [['right', mock.apiKey], ['wrong', 'wrong-key-0000000000000000000000']]) {
      const created = await rest('POST', '/rest/credentials', { name: `SparkBot ${label}`, type: 'sparkBotApi', data: { baseUrl: mock.baseUrl, apiKey } });
      assert.equal(created.status, 200, created.text);
      await mock.admin('POST', '/__mock/reset');
      const tested = await rest('POST', '/rest/credentials/test', {
        credentials: { id: created.body.data.id, name: `SparkBot ${label}`, type: 'sparkBotApi', data: { baseUrl: mock.baseUrl, apiKey } },
      });
      assert.equal(tested.status, 200, tested.text);
      results[label] = { status: tested.body.data.status, requests: await mock.admin('GET', '/__mock/requests') };
    }
    assert.equal(results.right.status, 'OK', JSON.stringify(results.right));
    assert.deepEqual(results.right.requests.map((r) => [r.method, r.target, r.tokenMatches]), [['GET', '/v1/devices', true]]);
    assert.equal(results.wrong.status, 'Error');
    // (n8n may send a failing test request more than once.)
    assert.ok(results.wrong.requests.length >= 1);
    for (const r of results.wrong.requests) assert.deepEqual([r.target, r.tokenMatches], ['/v1/devices', false]);
  });

  test("the WhatsApp Number dropdown, through n8n's load-options endpoint", async () => {
    const created = await rest('POST', '/rest/credentials', {
      name: 'SparkBot mock', type: 'sparkBotApi', data: { baseUrl: mock.baseUrl, apiKey: mock.apiKey },
    });
    assert.equal(created.status, 200, created.text);
    const id = created.body.data.id;
    assert.ok(!created.text.includes(mock.apiKey), 'n8n echoes the key back');
    const options = await rest('POST', '/rest/dynamic-node-parameters/options', {
      nodeTypeAndVersion: { name: 'CUSTOM.sparkBotWhatsApp', version: 1 },
      methodName: 'getDevices',
      path: 'device',
      currentNodeParameters: { resource: 'whatsappSession', operation: 'scanQr' },
      credentials: { sparkBotApi: { id, name: 'SparkBot mock' } },
    });
    assert.equal(options.status, 200, options.text);
    const devices = await mock.admin('GET', '/__mock/devices');
    assert.deepEqual(options.body.data.map((o) => o.value), devices.map((d) => d.id));
    assert.equal(options.body.data[0].name, 'Sales (+14155550101)');
    assert.equal(options.body.data[1].description, 'Session: pending');
    assert.ok(!server.log.includes(mock.apiKey), "the key appears in n8n's log");
  });
});
