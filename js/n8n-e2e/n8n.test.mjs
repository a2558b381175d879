// The package in a real n8n: n8n (installed by ../run-tests.sh n8n under
// ~/.cache/sparkbot-whatsapp/n8n, path in N8N_HOME) loads the built package
// as a custom extension; its own CLI imports a credential and workflows and
// runs them against the embedded SparkBot API (a separate process). The
// component's requests go out through n8n's own request helper: n8n adds
// the key, n8n's proxy settings apply (one run through a forward proxy on
// loopback), and the host's limits hold around it (a slow API past the
// node's timeout, a redirect to another server).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startMock } from '../jco/test/support/mock.mjs';
import { decodePngQr } from '../jco/test/support/qr.mjs';
import { n8nBin, n8nEnv } from './support.mjs';
import { credential, FAULTED, workflows } from './workflows.mjs';

const run = promisify(execFile);

const PENDING = '61b37a069cba0c15d6c81e7c';
const FRESH = '61b37a069cba0c15d6c81e7d';
const ONLINE = '61b37a069cba0c15d6c81e7b';

/** A forward proxy for plain http on loopback (what HTTP_PROXY points at): it records each request's target and passes it on. */
async function startForwardProxy() {
  const seen = [];
  const server = createHttpServer((req, res) => {
    seen.push({ method: req.method, url: req.url });
    const upstream = httpRequest(req.url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, stop: () => new Promise((resolve) => server.close(resolve)) };
}

/** A server that counts the connections it gets and closes each: where a redirect points. */
async function startCounter() {
  const counter = { hits: 0 };
  const server = createTcpServer((socket) => {
    counter.hits++;
    socket.destroy();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(counter, { port: server.address().port, stop: () => new Promise((resolve) => server.close(resolve)) });
}

describe('SparkBot WhatsApp in real n8n', () => {
  let mock;
  let scratch;
  let env;
  let proxy;
  let elsewhere;
  const outputs = {};
  const requests = {}; // what the API saw during each workflow

  async function n8n(...args) {
    return n8nWith({}, ...args);
  }

  /** n8n's CLI with `extra` added to its environment. */
  async function n8nWith(extra, ...args) {
    try {
      const { stdout, stderr } = await run(n8nBin, args, { env: { ...env, ...extra }, maxBuffer: 64 << 20, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      if (error.code === undefined || typeof error.code === 'string') throw error;
      return { code: error.code, stdout: error.stdout, stderr: error.stderr };
    }
  }

  /** The run's JSON (IRun), which n8n prints between its log lines. */
  function runOf(stdout) {
    const start = stdout.indexOf('\n{\n');
    assert.ok(start >= 0, `no run data in n8n's output:\n${stdout.slice(0, 2000)}`);
    const end = stdout.indexOf('\n}\n', start);
    return JSON.parse(stdout.slice(start + 1, end >= 0 ? end + 2 : undefined));
  }

  /** The scan node's output items of a successful run. */
  function scanItems(stdout) {
    const run = runOf(stdout);
    assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error));
    const [scan] = run.data.resultData.runData['SparkBot WhatsApp'];
    return scan.data.main[0];
  }

  before(async () => {
    mock = await startMock();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-'));
    env = await n8nEnv(scratch, { N8N_DEFAULT_BINARY_DATA_MODE: 'default' });
    const files = join(scratch, 'import');
    mkdirSync(join(files, 'workflows'), { recursive: true });
    writeFileSync(join(files, 'credentials.json'), JSON.stringify(credential(mock.baseUrl, mock.apiKey)));
    const ids = { pending: PENDING, fresh: FRESH, online: ONLINE, baseUrl: mock.baseUrl };
    for (const [name, wf] of Object.entries(workflows(ids))) {
      writeFileSync(join(files, 'workflows', `${name}.json`), JSON.stringify(wf));
    }
    const creds = await n8n('import:credentials', `--input=${join(files, 'credentials.json')}`);
    assert.equal(creds.code, 0, creds.stdout + creds.stderr);
    rmSync(join(files, 'credentials.json'));
    const imported = await n8n('import:workflow', '--separate', `--input=${join(files, 'workflows')}`);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    for (const [name, { id }] of Object.entries(workflows(ids))) {
      if (FAULTED.includes(name)) continue;
      if (name !== 'scan') await mock.admin('POST', '/__mock/reset');
      outputs[name] = await n8n('execute', `--id=${id}`, '--rawOutput');
      requests[name] = await mock.admin('GET', '/__mock/requests');
      if (name === 'scan') outputs.devicesAfterScan = await mock.admin('GET', '/__mock/devices');
    }
    const all = workflows(ids);
    // The same Scan QR with n8n's proxy setting (HTTP_PROXY) pointing at a forward proxy.
    proxy = await startForwardProxy();
    await mock.admin('POST', '/__mock/reset');
    outputs.proxied = await n8nWith({ HTTP_PROXY: proxy.url }, 'execute', `--id=${all.scan.id}`, '--rawOutput');
    requests.proxied = await mock.admin('GET', '/__mock/requests');
    // An API slower than the node's 1 s timeout.
    await mock.admin('POST', '/__mock/reset');
    await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'slow', ms: 8000 } });
    outputs.timeout = await n8n('execute', `--id=${all.timeout.id}`, '--rawOutput');
    // An API answering with a redirect to another server.
    elsewhere = await startCounter();
    await mock.admin('POST', '/__mock/reset');
    await mock.admin('POST', '/__mock/faults', { device: PENDING, fault: { kind: 'redirect', location: `http://127.0.0.1:${elsewhere.port}/steal` } });
    outputs.redirect = await n8n('execute', `--id=${all.redirect.id}`, '--rawOutput');
    if (process.env.SPARKBOT_N8N_DUMP) {
      writeFileSync(process.env.SPARKBOT_N8N_DUMP, JSON.stringify(outputs, null, 2));
    }
  });

  after(async () => {
    await mock?.stop();
    await proxy?.stop();
    await elsewhere?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('the API key appears in no output of n8n', () => {
    for (const [name, out] of Object.entries(outputs)) {
      assert.ok(!JSON.stringify(out).includes(mock.apiKey), `the key appears in ${name}`);
    }
  });

  test("the API saw the key on every request: n8n's request helper set the Token header", () => {
    for (const name of ['scan', 'continueOnFail', 'failing', 'proxied']) {
      assert.ok(requests[name].length > 0, name);
      assert.ok(requests[name].every((r) => r.tokenMatches), `${name}: ${JSON.stringify(requests[name])}`);
    }
  });

  test("Custom API Call (which n8n offers because the credential has authenticate) says to use the HTTP Request node", () => {
    const out = outputs.customApiCall;
    assert.notEqual(out.code, 0, 'n8n execute exits non-zero');
    const { error } = runOf(out.stdout).data.resultData;
    assert.equal(error.name, 'NodeOperationError');
    assert.match(error.message, /HTTP Request node/);
    assert.match(error.message, /"SparkBot API"/);
    assert.deepEqual(requests.customApiCall, [], 'nothing was sent');
  });

  test('the HTTP Request node with the predefined credential type SparkBot API: n8n sends the key by the derived authenticate', () => {
    const out = outputs.httpRequest;
    assert.equal(out.code, 0, out.stdout.slice(-3000) + out.stderr.slice(-3000));
    const run = runOf(out.stdout);
    assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error));
    const items = run.data.resultData.runData['HTTP Request'][0].data.main[0];
    assert.deepEqual(items.map((i) => i.json.id), outputs.devicesAfterScan.map((d) => d.id));
    assert.deepEqual(requests.httpRequest.map((r) => [r.method, r.target, r.tokenMatches]), [['GET', '/v1/devices', true]]);
  });

  test('Scan QR (image): one item per incoming device, the QR PNG as n8n binary', () => {
    const out = outputs.scan;
    assert.equal(out.code, 0, out.stdout.slice(-3000) + out.stderr.slice(-3000));
    const items = scanItems(out.stdout);
    assert.equal(items.length, 2);
    for (const [i, id] of [PENDING, FRESH].entries()) {
      const { json, binary, pairedItem } = items[i];
      assert.deepEqual(pairedItem, { item: i });
      assert.deepEqual(json, { device: id, encoding: 'image', forced: false, mimeType: 'image/png' });
      assert.equal(binary.qr.mimeType, 'image/png');
      assert.equal(binary.qr.fileName, `qr-${id}.png`);
      assert.equal(binary.qr.fileExtension, 'png');
      const payload = outputs.devicesAfterScan.find((d) => d.id === id).payload;
      assert.equal(decodePngQr(Buffer.from(binary.qr.data, 'base64')), payload, `the QR of ${id} holds the issued payload`);
    }
  });

  test('continue on fail: the online number becomes an error item, the other goes through', () => {
    const out = outputs.continueOnFail;
    assert.equal(out.code, 0, out.stdout.slice(-3000) + out.stderr.slice(-3000));
    const items = scanItems(out.stdout);
    assert.equal(items.length, 2);
    assert.equal(items[0].json.encoding, 'uri');
    assert.match(items[0].json.data, /^2@sparkbot-mock\//);
    assert.equal(items[1].json.errorKind, 'conflict');
    assert.equal(items[1].json.httpStatus, 409);
    assert.match(items[1].json.error, /Force New QR/);
    assert.deepEqual(items[1].pairedItem, { item: 1 });
  });

  test('without continue on fail the run fails with the node error, naming the item', () => {
    const out = outputs.failing;
    assert.notEqual(out.code, 0, 'n8n execute exits non-zero');
    const run = runOf(out.stdout);
    assert.equal(run.status, 'error');
    const { error, lastNodeExecuted } = run.data.resultData;
    assert.equal(lastNodeExecuted, 'SparkBot WhatsApp');
    assert.equal(error.name, 'NodeApiError');
    assert.equal(error.httpCode, '409');
    assert.equal(error.context.itemIndex, 1);
    assert.match(error.message, /Force New QR/);
    assert.equal(run.data.resultData.runData['SparkBot WhatsApp'][0].data, undefined, 'no items came out');
  });

  test("n8n's proxy setting applies to the node's requests: they went through the forward proxy", () => {
    const out = outputs.proxied;
    assert.equal(out.code, 0, out.stdout.slice(-3000) + out.stderr.slice(-3000));
    assert.equal(scanItems(out.stdout).length, 2);
    const viaProxy = proxy.seen.filter((r) => r.url.startsWith(mock.baseUrl)).map((r) => `${r.method} ${new URL(r.url).pathname}`);
    assert.deepEqual(viaProxy, requests.proxied.map((r) => `${r.method} ${r.target.split('?')[0]}`));
    assert.equal(viaProxy.length, 2, JSON.stringify(proxy.seen));
  });

  test("an API slower than the node's timeout: n8n's request ends at the bound, the item says timeout", () => {
    const out = outputs.timeout;
    assert.equal(out.code, 0, out.stdout.slice(-3000) + out.stderr.slice(-3000));
    const [item] = scanItems(out.stdout);
    // Without the bound the answer would come after 8 s, and the item would hold a QR.
    assert.equal(item.json.errorKind, 'timeout', JSON.stringify(item.json));
  });

  test('a redirect to another server is not followed: a service error, and that server sees nothing', () => {
    const out = outputs.redirect;
    assert.equal(out.code, 0, out.stdout.slice(-3000) + out.stderr.slice(-3000));
    const [item] = scanItems(out.stdout);
    assert.equal(item.json.errorKind, 'service-error', JSON.stringify(item.json));
    assert.equal(elsewhere.hits, 0);
  });
});
