// What n8n's editor gets from the package, through a real `n8n start`: the
// node's description and credential type (the form it draws), and the
// WhatsApp Number dropdown through n8n's own load-options endpoint, against
// the embedded SparkBot API (a separate process).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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
    const credentials = (await rest('GET', '/types/credentials.json')).body;
    const credential = credentials.find((type) => type.name === 'sparkBotApi');
    assert.ok(credential, 'n8n lists the sparkBotApi credential type');
    assert.equal(credential.properties.find((p) => p.name === 'apiKey').typeOptions.password, true);
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
