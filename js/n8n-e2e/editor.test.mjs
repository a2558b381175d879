// What n8n's editor gets from the package, through a real `n8n start`: the
// node's description and credential type (the form it draws), and the
// WhatsApp Number dropdown through n8n's own load-options endpoint, against
// the embedded SparkBot API (a separate process).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMock } from '../jco/test/support/mock.mjs';

const n8nHome = process.env.N8N_HOME;
const extension = process.env.SPARKBOT_N8N_EXTENSION;
if (!n8nHome || !existsSync(join(n8nHome, 'node_modules', '.bin', 'n8n'))) throw new Error('N8N_HOME must point at an n8n install (run js/run-tests.sh n8n)');
if (!extension || !existsSync(extension)) throw new Error('SPARKBOT_N8N_EXTENSION must point at the installed package (run js/run-tests.sh n8n)');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

describe("n8n's editor API serves the node", () => {
  let mock;
  let scratch;
  let server;
  let base;
  let cookie = '';
  let log = '';

  async function rest(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  }

  before(async () => {
    mock = await startMock();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-editor-'));
    mkdirSync(join(scratch, 'user'));
    const port = await freePort();
    const brokerPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(join(n8nHome, 'node_modules', '.bin', 'n8n'), ['start'], {
      env: {
        PATH: process.env.PATH,
        HOME: scratch,
        N8N_USER_FOLDER: join(scratch, 'user'),
        N8N_CUSTOM_EXTENSIONS: extension,
        N8N_DIAGNOSTICS_ENABLED: 'false',
        N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
        N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
        N8N_SECURE_COOKIE: 'false',
        N8N_LISTEN_ADDRESS: '127.0.0.1',
        N8N_PORT: String(port),
        N8N_RUNNERS_BROKER_PORT: String(brokerPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout.on('data', (chunk) => { log += chunk; });
    server.stderr.on('data', (chunk) => { log += chunk; });
    const deadline = Date.now() + 90_000;
    while (!log.includes('Editor is now accessible')) {
      assert.ok(server.exitCode === null, `n8n start exited:\n${log.slice(-3000)}`);
      assert.ok(Date.now() < deadline, `n8n start not ready in 90 s:\n${log.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const owner = await rest('POST', '/rest/owner/setup', {
      email: 'e2e@example.com', firstName: 'E', lastName: 'E', password: 'Passw0rd-e2e-123',
    });
    assert.equal(owner.status, 200, owner.text);
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
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
    assert.ok(!log.includes(mock.apiKey), "the key appears in n8n's log");
  });
});
