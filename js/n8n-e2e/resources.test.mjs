// The new resources in a real n8n, as users chain them: one `n8n start`
// (the package as a custom extension, n8n's filesystem binary mode, the AI
// tool setting of the docs) against the embedded SparkBot API (a separate
// process). Each workflow is created and run through n8n's REST API (what
// the editor's "Execute workflow" does) and read back from the stored
// execution; the mock is checked through its admin API (/__mock/store holds
// every object and every file's bytes, /__mock/requests what it received).
//
//   * a Code node makes a PDF through this.helpers.prepareBinaryData → Send
//     Media Message from Binary Data: the mock holds exactly those bytes as
//     one file, and the message names that file; → Files: Download File (its
//     id by expression) → a Code node reads the binary `data` back with
//     this.helpers.getBinaryDataBuffer: the same bytes, MIME type and name.
//   * Chat Files: Download Chat File → a Code node: the seeded chat file.
//   * a Code node makes 250 contacts → Create Contact for each → List Contacts
//     (executed once) with Return All: 252 items (2 seeded), and the mock saw
//     pages 0, 1 and 2 of 100.
//   * the node as an AI tool: n8n lists its Tool variant (ai_tool output, a
//     tool description) and loads the number dropdown through it.
//   * the chat picker's list through n8n's own list-search endpoint, as the
//     editor calls it (the editor itself: browser.test.mjs).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMock } from '../jco/test/support/mock.mjs';
import { n8nHome, restClient, setupOwner, startN8n } from './support.mjs';
import { NODE_TYPE } from './workflows.mjs';

// n8n stores execution data with `flatted`; read it with n8n's own copy.
const { parse: unflatten } = createRequire(join(n8nHome, 'node_modules', 'n8n', 'package.json'))('flatted');

const ONLINE = '61b37a069cba0c15d6c81e7b';
const CREDENTIAL_TYPE = 'sparkBotApi';

/** A PDF-like file with every byte value in it (so any text decoding on the way would show). */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 31 + (i >> 7)) & 0xff)),
  Buffer.from('\n%%EOF\n'),
]);
const SEEDED_CHAT_FILE = { id: '64a1f0c2b3d4e5f601234567', bytes: Buffer.from('%PDF-1.4 seeded chat file\n'), name: 'invoice.pdf', mime: 'application/pdf' };

/** A Code node that reads each input item's binary `data` back from n8n and reports it in JSON. */
const READ_BINARY = `const out = [];
for (const [i, item] of $input.all().entries()) {
  const meta = item.binary?.data;
  const bytes = await this.helpers.getBinaryDataBuffer(i, 'data');
  out.push({ json: { keys: Object.keys(item.binary ?? {}), mimeType: meta?.mimeType, fileName: meta?.fileName, fileExtension: meta?.fileExtension, length: bytes.length, base64: bytes.toString('base64'), input: item.json } });
}
return out;`;

const code = (name, jsCode, position) => ({ id: name, name, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode } });
const trigger = { id: 'trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** A workflow of nodes in a row: trigger → each node → the next. */
function chain(name, nodes, credential) {
  const all = [trigger, ...nodes.map((node) => (node.type === NODE_TYPE ? { ...node, credentials: { [CREDENTIAL_TYPE]: credential } } : node))];
  const connections = {};
  for (let i = 0; i + 1 < all.length; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
  return { name, active: false, nodes: all, connections, settings: {} };
}

const sparkbot = (name, parameters, position) => ({ id: name, name, type: NODE_TYPE, typeVersion: 1, position, parameters });

describe('the new resources in real n8n: binary data both ways, Return All, the AI tool, the chat picker', () => {
  let mock;
  let scratch;
  let server;
  let rest;
  let credential;
  const seen = []; // every REST answer, checked for the key

  before(async () => {
    mock = await startMock();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-resources-'));
    server = await startN8n(scratch, {
      // n8n's filesystem mode: files are stored, not inline; the package reads them with getBinaryDataBuffer.
      N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
      N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
      EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
      EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
      EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
    });
    rest = restClient(server.base, (text) => seen.push(text));
    await server.ready();
    await setupOwner(rest);
    const created = await rest('POST', '/rest/credentials', { name: 'SparkBot mock', type: CREDENTIAL_TYPE, data: { baseUrl: mock.baseUrl, apiKey: mock.apiKey } });
    assert.equal(created.status, 200, created.text);
    credential = { id: created.body.data.id, name: 'SparkBot mock' };
  });

  after(async () => {
    await server?.stop();
    await mock?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Creates `workflow`, runs it as the editor does, and gives each node's output items of the stored execution. */
  async function run(workflow) {
    const created = await rest('POST', '/rest/workflows', workflow);
    assert.equal(created.status, 200, created.text);
    const stored = created.body.data;
    const started = await rest('POST', `/rest/workflows/${stored.id}/run`, { workflowData: stored, triggerToStartFrom: { name: trigger.name } });
    assert.equal(started.status, 200, started.text);
    const { executionId } = started.body.data;
    assert.ok(executionId, `n8n started no execution: ${started.text}`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const execution = await rest('GET', `/rest/executions/${executionId}`);
      assert.equal(execution.status, 200, execution.text);
      const { status, data } = execution.body.data;
      if (['success', 'error', 'crashed', 'canceled'].includes(status) && data) {
        const { resultData } = unflatten(data);
        assert.equal(status, 'success', JSON.stringify(resultData.error));
        return Object.fromEntries(Object.entries(resultData.runData).map(([node, runs]) => [node, runs[0].data.main[0]]));
      }
      assert.ok(Date.now() < deadline, `execution ${executionId} still ${status} after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  test('a Code node\'s file → Send Media Message from Binary Data: the API got the exact bytes as one file, and the message names it; Download File gives them back to the next node', async () => {
    await mock.admin('POST', '/__mock/reset');
    const seeded = Object.keys((await mock.admin('GET', '/__mock/store')).files);
    const makePdf = `return [{ json: { order: 42 }, binary: { data: await this.helpers.prepareBinaryData(Buffer.from(${JSON.stringify(PDF.toString('base64'))}, 'base64'), 'invoice.pdf', 'application/pdf') } }];`;
    const out = await run(chain('Send a PDF from binary data, then download it', [
      code('Make PDF', makePdf, [200, 0]),
      sparkbot('Send Media', {
        resource: 'sendMessages', operation: 'sendMedia', device: ONLINE, phone: '+16001234560',
        mediaSource: 'binary', binaryPropertyName: 'data', options: { message: 'Your invoice' },
      }, [400, 0]),
      sparkbot('Download File', { resource: 'files', operation: 'download', fileId: '={{ $json.media.file }}' }, [600, 0]),
      code('Read File', READ_BINARY, [800, 0]),
    ], credential));

    // n8n stored the Code node's file (filesystem mode): the package had to read it through n8n.
    assert.match(String(out['Make PDF'][0].binary.data.id), /^filesystem/, JSON.stringify(out['Make PDF'][0].binary.data));
    const store = await mock.admin('GET', '/__mock/store');
    const files = Object.entries(store.files).filter(([id]) => !seeded.includes(id));
    assert.equal(files.length, 1, `one file uploaded: ${JSON.stringify(files.map(([id, f]) => [id, f.name, f.size]))}`);
    const [[fileId, file]] = files;
    assert.equal(file.base64, PDF.toString('base64'), 'the API holds exactly the bytes the Code node made');
    assert.deepEqual([file.name, file.mime, file.size], ['invoice.pdf', 'application/pdf', PDF.length]);
    const messages = store.collections['/messages'];
    assert.equal(messages.length, 1);
    assert.equal(messages[0].media.file, fileId, 'the message was sent by the uploaded file\'s id');
    assert.deepEqual([messages[0].device, messages[0].phone, messages[0].message], [ONLINE, '+16001234560', 'Your invoice']);
    const [sent] = out['Send Media'];
    assert.deepEqual(sent.pairedItem, { item: 0 });
    assert.equal(sent.json.id, messages[0].id, "the item is the API's message");
    assert.equal(sent.json.media.file, fileId);
    assert.deepEqual(sent.json.uploadedFile, { id: fileId, reused: false });
    const requests = await mock.admin('GET', '/__mock/requests');
    assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/files', 'POST /v1/messages', `GET /v1/files/${fileId}/download`]);
    assert.ok(requests.every((r) => r.tokenMatches), "n8n's request helper sent the key on each");

    // Download File: binary `data` a next node reads back from n8n, byte for byte.
    const [downloaded] = out['Download File'];
    assert.equal(downloaded.json.fileId, fileId);
    assert.equal(downloaded.json.fileSize, PDF.length);
    const [read] = out['Read File'];
    assert.deepEqual(read.json.keys, ['data']);
    assert.deepEqual([read.json.mimeType, read.json.fileName, read.json.fileExtension], ['application/pdf', 'invoice.pdf', 'pdf']);
    assert.equal(read.json.length, PDF.length);
    assert.equal(read.json.base64, PDF.toString('base64'), 'the next node got the uploaded bytes back');
  });

  test('Chat Files: Download Chat File gives the next node the chat file as binary data', async () => {
    await mock.admin('POST', '/__mock/reset');
    const out = await run(chain('Download a chat file', [
      sparkbot('Download Chat File', { resource: 'chatFiles', operation: 'download', device: ONLINE, fileId: SEEDED_CHAT_FILE.id }, [200, 0]),
      code('Read File', READ_BINARY, [400, 0]),
    ], credential));
    const [read] = out['Read File'];
    assert.deepEqual(read.json.keys, ['data']);
    assert.deepEqual([read.json.mimeType, read.json.fileName, read.json.fileExtension], [SEEDED_CHAT_FILE.mime, SEEDED_CHAT_FILE.name, 'pdf']);
    assert.equal(Buffer.from(read.json.base64, 'base64').toString('latin1'), SEEDED_CHAT_FILE.bytes.toString('latin1'));
    // The bytes are the mock's own copy of the file.
    const { files } = await mock.admin('GET', '/__mock/store');
    assert.equal(read.json.base64, files[SEEDED_CHAT_FILE.id].base64);
    assert.equal(read.json.input.fileName, SEEDED_CHAT_FILE.name);
  });

  test('Return All over three pages: a Code node makes 250 contacts, Create Contact sends each, then List Contacts (once) gives 252 items', async () => {
    await mock.admin('POST', '/__mock/reset');
    // n8n takes no expression for a whole fixed collection (Bulk Create's rows): the
    // workflow has issues, n8n says, and runs nothing. So each Code item is one contact.
    const contacts = `return Array.from({ length: 250 }, (_, i) => ({ json: { phone: '+1600555' + String(i).padStart(4, '0'), name: 'Contact ' + i } }));`;
    const listAll = { ...sparkbot('List All', { resource: 'chatContacts', operation: 'list', device: ONLINE, returnAll: true }, [600, 0]), executeOnce: true };
    const out = await run(chain('Create 250 contacts, then list them all', [
      code('Contacts', contacts, [200, 0]),
      sparkbot('Create Contact', { resource: 'chatContacts', operation: 'create', device: ONLINE, phone: '={{ $json.phone }}', options: { name: '={{ $json.name }}' } }, [400, 0]),
      listAll,
    ], credential));
    const want = Array.from({ length: 250 }, (_, i) => `+1600555${String(i).padStart(4, '0')}`);
    assert.deepEqual(out['Create Contact'].map((item) => [item.pairedItem?.item, item.json.phone]), want.map((phone, i) => [i, phone]));
    const listed = out['List All'];
    assert.equal(listed.length, 252, 'the 2 seeded contacts and the 250 created');
    assert.ok(listed.every((item) => item.pairedItem?.item === 0), 'each paired to the one input item the list ran for');
    assert.deepEqual(listed.map((item) => item.json.phone), ['+14155550111', '+14155550112', ...want], 'every contact once, in the order of the pages');
    assert.equal(listed[251].json.name, 'Contact 249');
    const requests = await mock.admin('GET', '/__mock/requests');
    const path = `/v1/chat/${ONLINE}/contacts`;
    assert.equal(requests.filter((r) => r.method === 'POST' && r.path === path).length, 250, 'one create per item');
    assert.deepEqual(requests.filter((r) => r.method === 'GET').map((r) => `${r.path}?${r.query}`), [0, 1, 2].map((page) => `${path}?page=${page}&size=100`));
  });

  test('the node is offered as an AI tool: n8n lists its Tool variant, which loads the number dropdown through the component', async () => {
    const { status, body } = await rest('GET', '/types/nodes.json');
    assert.equal(status, 200);
    const tool = body.find((type) => type.name === `${NODE_TYPE}Tool`);
    assert.ok(tool, `n8n lists ${NODE_TYPE}Tool (types: ${body.filter((t) => t.name.startsWith('CUSTOM.')).map((t) => t.name).join(', ')})`);
    assert.equal(tool.displayName, 'SparkBot WhatsApp Tool');
    assert.deepEqual(tool.inputs, []);
    assert.deepEqual(tool.outputs, ['ai_tool']);
    assert.deepEqual(tool.credentials, [{ name: CREDENTIAL_TYPE, required: true }]);
    const names = tool.properties.map((p) => p.name);
    assert.ok(names.includes('toolDescription') && names.includes('resource') && names.includes('operation'), names.join(', '));
    const options = await rest('POST', '/rest/dynamic-node-parameters/options', {
      nodeTypeAndVersion: { name: `${NODE_TYPE}Tool`, version: 1 },
      methodName: 'getDevices',
      path: 'device',
      currentNodeParameters: { resource: 'chats', operation: 'list' },
      credentials: { [CREDENTIAL_TYPE]: credential },
    });
    assert.equal(options.status, 200, options.text);
    const devices = await mock.admin('GET', '/__mock/devices');
    assert.deepEqual(options.body.data.map((o) => o.value), devices.map((d) => d.id));
  });

  test("the chat picker through n8n's list-search endpoint, as the editor calls it: \"alice\" finds Alice Doe", async () => {
    await mock.admin('POST', '/__mock/reset');
    const search = (filter, currentNodeParameters) => rest('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
      nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
      methodName: 'searchChats',
      path: 'chatWid',
      currentNodeParameters,
      credentials: { [CREDENTIAL_TYPE]: credential },
      ...(filter === undefined ? {} : { filter }),
    });
    // The editor sends the form's values, the chat locator as {__rl, mode, value}.
    const form = { resource: 'chats', operation: 'get', device: ONLINE, chatWid: { __rl: true, mode: 'list', value: '' } };
    const found = await search('alice', form);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.data.results.map((r) => [r.name, r.value]), [['Alice Doe', '14155550111@c.us']]);
    assert.equal(found.body.data.paginationToken, undefined, 'one short page');
    const all = await search(undefined, form);
    assert.deepEqual(all.body.data.results.map((r) => r.value), ['14155550111@c.us', '14155550112@c.us', '120363012345678901@g.us']);
    const requests = await mock.admin('GET', '/__mock/requests');
    assert.deepEqual(requests.map((r) => r.path), [`/v1/chat/${ONLINE}/chats`, `/v1/chat/${ONLINE}/chats`]);
    assert.match(requests[0].query, /(^|&)search=alice(&|$)/);
    // Without the number, the picker says what to pick first.
    const none = await search('alice', { resource: 'chats', operation: 'get' });
    assert.notEqual(none.status, 200);
    assert.match(none.text, /WhatsApp Number/);
  });

  test('the API key appears in no answer of n8n and not in its log', () => {
    assert.ok(seen.length > 0);
    for (const text of seen) assert.ok(!text.includes(mock.apiKey), 'the API key appears in an answer of n8n');
    assert.ok(!server.log.includes(mock.apiKey), "the API key appears in n8n's log");
  });
});
