// The package's runtime is generic: the echo test component
// (tests/fixtures/echo-node, transpiled into ../jco/generated-echo-instantiable)
// in a real n8n, through the same node and credential classes as SparkBot
// WhatsApp: the installed package copied with its component/ replaced by
// the echo node's (n8n then lists it as CUSTOM.echoNode, credential echoApi).
// A Code node makes items with files; the echo node's options.binaryProperty
// names one, and the node reports the size, SHA-256, MIME type and name of
// what it got: n8n's files reach the component, only the named one, byte for
// byte, and over WORKFLOW_NODE_MAX_BINARY_MB the item fails saying so while
// the other goes through. Its options.repeat gives two outputs per input, all
// kept by n8n in input order, paired to their input. The echo node's peer
// is a server in a child process that answers with the request's headers.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startEchoServer } from '../jco/test/support/echo.mjs';
import { extension, n8nBin, n8nEnv } from './support.mjs';

const run = promisify(execFile);
const ECHO_COMPONENT = join(import.meta.dirname, '..', 'jco', 'generated-echo-instantiable');
const TOKEN = 'echo-e2e-token-0123456789abcdef';
const CREDENTIAL_ID = 'echoMockCred0001';
const WORKFLOW_ID = 'EchoBinaryRepeat';

/** Bytes with every value, `n` long. */
const bytesOf = (n, seed) => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + (i >> 8)) & 0xff));
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const PDF = bytesOf(30_000, 7);
const OTHER = bytesOf(3_000, 3);
const SMALL = bytesOf(20_000, 11);

/**
 * Manual Trigger → Code (two items with files) → Echo Node (options.binaryProperty
 * doc, repeat 2, continue on fail). The Code node stores each `doc` through
 * n8n's prepareBinaryData (in n8n's filesystem mode: a stored file, read back
 * by the package with getBinaryDataBuffer) and gives `other` inline, as base64.
 */
function workflow() {
  const files = [
    { n: 0, doc: [PDF.toString('base64'), 'report.pdf', 'application/pdf'], other: { data: OTHER.toString('base64'), mimeType: 'text/plain', fileName: 'note.txt', fileExtension: 'txt' } },
    { n: 1, doc: [SMALL.toString('base64'), 'photo.png', 'image/png'] },
  ];
  const jsCode = `const out = [];
for (const { n, doc: [data, fileName, mimeType], other } of ${JSON.stringify(files)}) {
  const binary = { doc: await this.helpers.prepareBinaryData(Buffer.from(data, 'base64'), fileName, mimeType) };
  if (other) binary.other = other;
  out.push({ json: { n }, binary });
}
return out;`;
  return {
    id: WORKFLOW_ID,
    name: 'Echo: files in, two outputs per item',
    active: false,
    nodes: [
      { id: 'e-trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'e-code', name: 'Files', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode } },
      {
        id: 'e-echo',
        name: 'Echo Node',
        type: 'CUSTOM.echoNode',
        typeVersion: 1,
        position: [440, 0],
        onError: 'continueRegularOutput',
        parameters: { path: '/whoami', options: { binaryProperty: 'doc', repeat: 2 } },
        credentials: { echoApi: { id: CREDENTIAL_ID, name: 'Echo mock' } },
      },
    ],
    connections: {
      'Manual Trigger': { main: [[{ node: 'Files', type: 'main', index: 0 }]] },
      Files: { main: [[{ node: 'Echo Node', type: 'main', index: 0 }]] },
    },
    settings: {},
    pinData: {},
  };
}

if (!existsSync(ECHO_COMPONENT)) {
  throw new Error(`no transpiled echo test component in ${ECHO_COMPONENT}: build tests/fixtures/echo-node (or set ECHO_NODE_COMPONENT) and run node js/jco/transpile.mjs`);
}

describe('the echo test component in real n8n: files in, many outputs per item', () => {
  let server;
  let scratch;
  let env;
  const outputs = {};
  const logs = {};

  /** The run's JSON (IRun), which n8n prints between its log lines. */
  function runOf({ stdout }) {
    const start = stdout.indexOf('\n{\n');
    assert.ok(start >= 0, `no run data in n8n's output:\n${stdout.slice(-3000)}`);
    const end = stdout.indexOf('\n}\n', start);
    return JSON.parse(stdout.slice(start + 1, end >= 0 ? end + 2 : undefined));
  }

  function echoItems(out) {
    const data = runOf(out);
    assert.equal(data.status, 'success', JSON.stringify(data.data.resultData.error));
    return data.data.resultData.runData['Echo Node'][0].data.main[0];
  }

  before(async () => {
    server = await startEchoServer();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-echo-'));
    // The installed package with the echo component in place of SparkBot's.
    const echoExtension = join(scratch, 'extension', 'n8n-nodes-echo');
    cpSync(extension, echoExtension, { recursive: true });
    rmSync(join(echoExtension, 'component'), { recursive: true, force: true });
    cpSync(ECHO_COMPONENT, join(echoExtension, 'component'), { recursive: true });
    env = await n8nEnv(scratch, { N8N_CUSTOM_EXTENSIONS: echoExtension, N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
    const files = join(scratch, 'import');
    mkdirSync(files);
    writeFileSync(join(files, 'credentials.json'), JSON.stringify([{ id: CREDENTIAL_ID, name: 'Echo mock', type: 'echoApi', data: { url: `${server.origin}/echo`, token: TOKEN } }]));
    writeFileSync(join(files, 'workflow.json'), JSON.stringify(workflow()));
    const options = { env, maxBuffer: 64 << 20, timeout: 120_000 };
    await run(n8nBin, ['import:credentials', `--input=${join(files, 'credentials.json')}`], options);
    rmSync(join(files, 'credentials.json'));
    await run(n8nBin, ['import:workflow', `--input=${join(files, 'workflow.json')}`], options);
    for (const [name, extra] of [['plain', {}], ['capped', { WORKFLOW_NODE_MAX_BINARY_MB: '0.04' }]]) {
      const from = (await server.log()).length;
      try {
        outputs[name] = await run(n8nBin, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], { ...options, env: { ...env, ...extra } });
      } catch (error) {
        outputs[name] = { stdout: error.stdout ?? '', stderr: error.stderr ?? String(error) };
      }
      logs[name] = (await server.log()).slice(from);
    }
  });

  after(async () => {
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test("the named file reaches the component byte for byte, with n8n's MIME type and name; the other file stays in n8n", () => {
    const items = echoItems(outputs.plain);
    const summaries = items.map((i) => i.json.binary);
    assert.deepEqual(summaries[0], { key: 'doc', bytes: PDF.length, sha256: sha256(PDF), mimeType: 'application/pdf', fileName: 'report.pdf', fileExtension: 'pdf' });
    assert.deepEqual(summaries[2], { key: 'doc', bytes: SMALL.length, sha256: sha256(SMALL), mimeType: 'image/png', fileName: 'photo.png', fileExtension: 'png' });
    for (const item of items) assert.deepEqual(item.json.binaryKeys, ['doc'], 'only the entry a parameter names');
    // In n8n's filesystem mode the Code node's files are stored, not inline: the node read them with getBinaryDataBuffer.
    const [made] = runOf(outputs.plain).data.resultData.runData.Files[0].data.main[0];
    assert.match(String(made.binary.doc.id), /^filesystem/, JSON.stringify(made.binary.doc));
    assert.equal(made.binary.other.id, undefined, 'the other file is inline');
    assert.deepEqual(logs.plain.map((r) => r.url), ['/echo/whoami', '/echo/whoami']);
    for (const r of logs.plain) assert.deepEqual(r.headers.filter(([n]) => n.toLowerCase() === 'authorization').map(([, v]) => v), [`Bearer ${TOKEN}`]);
  });

  test('two outputs per input item, all kept, in input order, each paired to its input', () => {
    const items = echoItems(outputs.plain);
    assert.deepEqual(items.map((i) => [i.pairedItem.item, i.json.copy, i.json.input.n]), [[0, 0, 0], [0, 1, 0], [1, 0, 1], [1, 1, 1]]);
  });

  test('over WORKFLOW_NODE_MAX_BINARY_MB the item fails naming the file, its size, the cap and the variable; the other goes through', () => {
    const items = echoItems(outputs.capped);
    assert.deepEqual(items.map((i) => [i.pairedItem.item, i.json.errorKind ?? i.json.copy]), [[0, 0], [0, 1], [1, 'invalid-parameter']]);
    const message = `${items[2].json.error} ${items[2].json.description}`;
    for (const part of ["'doc'", `${SMALL.length} bytes`, '41943 bytes', 'WORKFLOW_NODE_MAX_BINARY_MB']) assert.ok(message.includes(part), `${part} in: ${message}`);
    assert.equal(logs.capped.length, 1, 'the refused item sent nothing');
  });

  test('the token appears in no output of n8n', () => {
    for (const [name, out] of Object.entries(outputs)) assert.ok(!JSON.stringify(out).includes(TOKEN), `the token appears in ${name}`);
  });
});
