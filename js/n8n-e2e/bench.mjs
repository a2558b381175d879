// Side by side in one real `n8n start`: SparkBot WhatsApp (Scan QR,
// encoding uri) against n8n's own HTTP Request node doing the same GET
// (/devices/{id}/scan?encoding=uri with the SparkBot API credential) on the
// same embedded API. Each is a webhook workflow (Webhook → Code making n
// items → the node; responds when the last node finishes), called over HTTP
// as users' systems call n8n. Prints medians for 1 and 100 items and the
// ratios against the targets, and writes them as JSON.
// Run: js/run-tests.sh bench [--runs 15] [--json n8n-bench.json]
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMock } from '../jco/test/support/mock.mjs';
import { NODE_TYPE } from './workflows.mjs';
import { restClient, setupOwner, startN8n } from './support.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' }, json: { type: 'string', default: 'n8n-bench.json' } } });
const RUNS = Number(args.runs);
const DEVICE = '61b37a069cba0c15d6c81e7c';

function webhookWorkflow(name, path, node) {
  return {
    name,
    active: false,
    nodes: [
      {
        id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(),
        parameters: { httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
      },
      {
        id: randomUUID(), name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0],
        parameters: { jsCode: `const n = Number($input.first().json.query.n);\nreturn Array.from({ length: n }, () => ({ json: { device: ${JSON.stringify(DEVICE)} } }));` },
      },
      { ...node, id: randomUUID(), position: [400, 0] },
    ],
    connections: {
      Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
      Items: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
    },
    settings: {},
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const mock = await startMock();
const scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-bench-'));
let server;
try {
  server = await startN8n(scratch);
  await server.ready();
  const rest = restClient(server.base);
  await setupOwner(rest);
  const cred = await rest('POST', '/rest/credentials', { name: 'SparkBot mock', type: 'sparkBotApi', data: { baseUrl: mock.baseUrl, apiKey: mock.apiKey } });
  assert.equal(cred.status, 200, cred.text);
  const credentials = { sparkBotApi: { id: cred.body.data.id, name: 'SparkBot mock' } };
  const contestants = {
    'SparkBot WhatsApp': webhookWorkflow('bench sparkbot', 'bench-sparkbot', {
      name: 'SparkBot WhatsApp', type: NODE_TYPE, typeVersion: 1, credentials,
      parameters: { resource: 'whatsappSession', operation: 'scanQr', device: '={{ $json.device }}', encoding: 'uri' },
    }),
    'HTTP Request': webhookWorkflow('bench http', 'bench-http', {
      name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, credentials,
      parameters: {
        method: 'GET', url: `=${mock.baseUrl}/devices/{{ $json.device }}/scan?encoding=uri`,
        authentication: 'predefinedCredentialType', nodeCredentialType: 'sparkBotApi', options: {},
      },
    }),
  };
  const paths = {};
  for (const [who, wf] of Object.entries(contestants)) {
    const created = await rest('POST', '/rest/workflows', wf);
    assert.equal(created.status, 200, created.text);
    const { id, versionId } = created.body.data;
    const activated = await rest('POST', `/rest/workflows/${id}/activate`, { versionId });
    assert.equal(activated.status, 200, activated.text);
    paths[who] = wf.nodes[0].parameters.path;
  }
  async function once(who, n) {
    const t0 = performance.now();
    const response = await fetch(`${server.base}/webhook/${paths[who]}?n=${n}`);
    const text = await response.text();
    const ms = performance.now() - t0;
    assert.equal(response.status, 200, `${who}: ${text.slice(0, 500)}`);
    const items = JSON.parse(text);
    assert.equal(items.length, n, `${who}: ${text.slice(0, 500)}`);
    assert.match(items[0].data, /^2@sparkbot-mock\//, `${who}: ${text.slice(0, 300)}`);
    return ms;
  }
  const results = {};
  for (const n of [1, 100]) {
    const times = { 'SparkBot WhatsApp': [], 'HTTP Request': [] };
    for (let i = 0; i < 3; i++) for (const who of Object.keys(times)) await once(who, n); // warm-up
    // Interleaved, so drift on a shared machine hits both alike.
    for (let i = 0; i < RUNS; i++) for (const who of Object.keys(times)) times[who].push(await once(who, n));
    const sparkbot = median(times['SparkBot WhatsApp']);
    const http = median(times['HTTP Request']);
    results[`${n}`] = { runs: RUNS, sparkbotMs: +sparkbot.toFixed(1), httpRequestMs: +http.toFixed(1), ratio: +(sparkbot / http).toFixed(2), differenceMs: +(sparkbot - http).toFixed(1) };
  }
  const one = results['1'];
  const hundred = results['100'];
  console.log(`webhook → Code → node, encoding uri, median of ${RUNS} runs each (after 3 warm-up runs), interleaved:`);
  console.log('items | SparkBot WhatsApp | HTTP Request | ratio | difference | target');
  console.log(`1     | ${one.sparkbotMs} ms | ${one.httpRequestMs} ms | ${one.ratio} | ${one.differenceMs} ms | ≤ HTTP Request + 10 ms: ${one.differenceMs <= 10 ? 'met' : 'missed'}`);
  console.log(`100   | ${hundred.sparkbotMs} ms | ${hundred.httpRequestMs} ms | ${hundred.ratio} | ${hundred.differenceMs} ms | ≤ 1.2×: ${hundred.ratio <= 1.2 ? 'met' : 'missed'}`);
  assert.ok(!server.log.includes(mock.apiKey), "the key is in n8n's log");
  writeFileSync(args.json, JSON.stringify({ date: new Date().toISOString(), encoding: 'uri', results }, null, 2) + '\n');
} finally {
  await server?.stop();
  await mock.stop();
  rmSync(scratch, { recursive: true, force: true });
}
