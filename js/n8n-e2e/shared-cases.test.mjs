// tests/cases/shared.json in a real n8n: the same cases the Rust host, the jco
// runner and the node class (with a faked n8n) pass, here run by one
// long-lived `n8n start` (installed by ../run-tests.sh n8n; path in N8N_HOME)
// with the package as a custom extension, against the embedded SparkBot API
// (`host-test mock-api`, a separate process, reset between cases).
//
//   execute     a workflow Manual Trigger → Code (the case's items; each
//               item's parameters in its JSON, under `parameters`) → SparkBot
//               WhatsApp, each parameter an expression on the item
//               (={{ $json.parameters["device"] }}), continue-on-fail as n8n's
//               node setting onError: 'continueRegularOutput'. All workflows
//               and credentials are created once through n8n's REST API; each
//               case runs through POST /rest/workflows/:id/run (what the
//               editor's "Execute workflow" does) and is read back from
//               GET /rest/executions/:id.
//   loadOptions n8n's own POST /rest/dynamic-node-parameters/options.
//   describe    n8n's GET /types/nodes.json (what the editor draws).
//
// The matching is js/shared/cases.mjs (shared with the jco runner and
// src/test/shared-cases.test.ts); what n8n gives is read into its shape
// here. Expectations are read in n8n's terms, as src/test/shared-cases.test.ts
// does: pairedItem {item: n}; binary as n8n's IBinaryData; a failed item's
// error in its JSON (error, errorKind, httpStatus) and its item index in its
// pairedItem; a failed run's error is the execution's resultData.error (a
// failed load-options call: n8n's HTTP 500 body), the kind, item index and
// Retry-After in its context, the status in httpCode. An expectation this file
// has no reading for fails the case (`unread`), it is never skipped.
//
// Where n8n reads a case its own way (what the tests assert is what real n8n
// does):
//   * resource and operation are set literally, not by expression (LITERAL).
//   * A parameter that no item of a case gives is left out of the node, and
//     n8n fills in the form's default (force: false, encoding: 'svg', …); one
//     that some items give and others do not is an expression that resolves
//     to undefined on the others, which the node leaves out of what it sends
//     the component: the component's default, as in the other hosts (a
//     parameter cannot be absent from an n8n node's resolved parameters).
//   * force "yes": n8n does not coerce or refuse an expression's result for
//     a boolean field; the text reaches the node, and the component refuses
//     it, with the item index, before any request, as in the other hosts.
//   * An unknown load-options method is refused by n8n itself (n8nReading).
//   * describe: a collection's options are listed after it, as in
//     shared-cases.test.ts (n8n nests them; the component lists them flat).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { startMock } from '../jco/test/support/mock.mjs';
import { decodePngQr } from '../jco/test/support/qr.mjs';
import { checkCase, loadCases, prepareMock } from '../shared/cases.mjs';
import { n8nHome, restClient, setupOwner, startN8n } from './support.mjs';

const cases = loadCases(process.env.SPARKBOT_SHARED_CASES || fileURLToPath(new URL('../../tests/cases/shared.json', import.meta.url)));

// n8n stores execution data with `flatted`; read it with n8n's own copy.
const { parse: unflatten } = createRequire(join(n8nHome, 'node_modules', 'n8n', 'package.json'))('flatted');

const NODE_TYPE = 'CUSTOM.sparkBotWhatsApp';
const NODE_NAME = 'SparkBot WhatsApp';
const CREDENTIAL_TYPE = 'sparkBotApi';
/**
 * Parameters n8n cannot take from an expression: they are noDataExpression,
 * and the other fields' displayOptions depend on them (with an expression in
 * `resource`, n8n would drop device, force, … from the node). A case that
 * gives them gets them as literal node parameters, so all its items must
 * agree on them.
 */
const LITERAL = new Set(['resource', 'operation']);

/** The load-options methods the form names (the committed describe() snapshot, held to the component by the Rust e2e tests). */
const FORM_METHODS = new Set(
  JSON.parse(readFileSync(new URL('../../tests/cases/describe.json', import.meta.url), 'utf8'))
    .properties.map((p) => p['type-options']?.['load-options-method'])
    .filter((m) => typeof m === 'string'),
);

/**
 * Where real n8n reads a case differently from the component's own hosts.
 * Returns the expectation to assert (in n8n's terms) and why.
 */
function n8nReading(c) {
  if (c.call === 'loadOptions' && !FORM_METHODS.has(c.method)) {
    // n8n asks the node type for methods.loadOptions[method] itself and the
    // package declares only the dropdowns the form names, so an
    // unknown method never reaches the component: n8n answers with its own
    // error (2.8: "Node type does not have method defined"; 2.40: 'Node type
    // "sparkBotWhatsApp" has no loadOptions method named "…"', an HTTP 400;
    // either way the case's kind and messageContains cannot be seen), and the API
    // still sees no request, as the case requires.
    return {
      why: 'n8n refuses an undeclared load-options method itself',
      expect: { n8nRefusesMethod: c.method, requests: c.expect.requests },
    };
  }
  return { expect: c.expect };
}

/** Fails on an expectation this runner has no n8n reading for, so none is skipped silently. */
function unread(object, known, where) {
  for (const key of Object.keys(object)) assert.ok(known.includes(key), `${where}.${key}: no n8n reading for this expectation`);
}

/** The Code node's items: each case item's JSON, with its parameters under `parameters`. */
function codeItems(c) {
  return c.items.map((item, i) => {
    assert.ok(!item.json || !('parameters' in item.json), `case "${c.name}" item ${i}: its json already holds "parameters"`);
    return { json: { ...(item.json ?? {}), parameters: item.parameters } };
  });
}

/** A thrown n8n error (NodeApiError / NodeOperationError, serialized) in the shared shape. */
function errorOf(error) {
  assert.ok(['NodeApiError', 'NodeOperationError'].includes(error?.name), `an n8n node error: ${JSON.stringify(error)}`);
  const out = { kind: error.context?.kind, message: error.message };
  if (error.httpCode !== undefined && error.httpCode !== null) out.httpStatus = Number(error.httpCode);
  if (error.context?.itemIndex !== undefined) out.itemIndex = error.context.itemIndex;
  if (error.context?.retryAfterSeconds !== undefined) out.retryAfterSeconds = error.context.retryAfterSeconds;
  return out;
}

/** An n8n output item in the shared shape; a failed item's index is its pairedItem. */
function itemOf(got) {
  const item = {
    pairedItem: got.pairedItem?.item,
    json: got.json,
    binary: Object.fromEntries(
      Object.entries(got.binary ?? {}).map(([key, b]) => [key, { mimeType: b.mimeType, fileName: b.fileName, fileExtension: b.fileExtension, bytes: Buffer.from(b.data, 'base64') }]),
    ),
  };
  if (typeof got.json?.error === 'string') {
    item.error = { kind: got.json.errorKind, itemIndex: got.pairedItem?.item };
    if (got.json.httpStatus !== undefined) item.error.httpStatus = got.json.httpStatus;
  }
  return item;
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The SparkBot node's parameters: each one the case sets, as an expression on the item. */
function nodeParameters(c) {
  const names = [...new Set(c.items.flatMap((item) => Object.keys(item.parameters)))];
  const parameters = {};
  for (const name of names) {
    if (LITERAL.has(name)) {
      // Every item must give the same value (an item without it counts as different).
      const values = new Set(c.items.map((item) => JSON.stringify(item.parameters[name])));
      assert.equal(values.size, 1, `case "${c.name}": n8n cannot vary ${name} per item (noDataExpression)`);
      parameters[name] = c.items[0].parameters[name];
    } else if (c.items.some((item) => isObject(item.parameters[name]))) {
      // A collection (options): each of its fields an expression on the item,
      // since n8n reads a collection's fields, not one expression for all of it.
      const fields = [...new Set(c.items.flatMap((item) => Object.keys(isObject(item.parameters[name]) ? item.parameters[name] : {})))];
      parameters[name] = Object.fromEntries(fields.map((field) => [field, `={{ $json.parameters[${JSON.stringify(name)}]?.[${JSON.stringify(field)}] }}`]));
    } else {
      // An item without the parameter makes the expression undefined, which
      // n8n hands to the node as undefined and the node leaves out of what it
      // sends the component: the component's default, as when it is missing.
      parameters[name] = `={{ $json.parameters[${JSON.stringify(name)}] }}`;
    }
  }
  return parameters;
}

function credentialKey(c) {
  return JSON.stringify([c.credentials?.baseUrl ?? null, c.credentials?.apiKey ?? null]);
}

function workflowOf(c, index, credential) {
  const scan = {
    id: `shared-${index}-scan`,
    name: NODE_NAME,
    type: NODE_TYPE,
    typeVersion: 1,
    position: [660, 300],
    parameters: nodeParameters(c),
    credentials: { [CREDENTIAL_TYPE]: credential },
  };
  if (c.continueOnFail === true) scan.onError = 'continueRegularOutput';
  return {
    name: `shared case ${index + 1}: ${c.name}`,
    active: false,
    nodes: [
      { id: `shared-${index}-trigger`, name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [220, 300], parameters: {} },
      {
        id: `shared-${index}-items`,
        name: 'Items',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [440, 300],
        parameters: { jsCode: `return ${JSON.stringify(codeItems(c))};` },
      },
      scan,
    ],
    connections: {
      'Manual Trigger': { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
      Items: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
    },
    settings: {},
  };
}

describe(`shared cases (tests/cases/shared.json, ${cases.length}) in real n8n`, () => {
  let mock;
  let scratch;
  let server;
  let rest;
  const seen = []; // every REST answer, checked for the key
  const credentials = new Map(); // credentialKey → {id, name}
  const workflows = new Map(); // case index → created workflow
  const ran = new Set();

  before(async () => {
    mock = await startMock();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-shared-'));
    server = await startN8n(scratch, {
      // Binary data inline in the execution, and every manual run kept, so
      // GET /rest/executions/:id holds the whole output.
      N8N_DEFAULT_BINARY_DATA_MODE: 'default',
      EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
      EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
      EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
    });
    rest = restClient(server.base, (text) => seen.push(text));
    await server.ready();
    await setupOwner(rest);

    // One n8n credential per distinct credential a case asks for.
    for (const c of cases) {
      if (c.call === 'describe' || credentials.has(credentialKey(c))) continue;
      const name = `SparkBot mock ${credentials.size + 1}`;
      const data = { baseUrl: c.credentials?.baseUrl ?? mock.baseUrl, apiKey: c.credentials?.apiKey ?? mock.apiKey };
      const created = await rest('POST', '/rest/credentials', { name, type: CREDENTIAL_TYPE, data });
      assert.equal(created.status, 200, created.text);
      credentials.set(credentialKey(c), { id: created.body.data.id, name });
    }
    // Every execute case's workflow, created once.
    for (const [index, c] of cases.entries()) {
      if (c.call !== 'execute') continue;
      const created = await rest('POST', '/rest/workflows', workflowOf(c, index, credentials.get(credentialKey(c))));
      assert.equal(created.status, 200, created.text);
      workflows.set(index, created.body.data);
    }
  });

  after(async () => {
    await server?.stop();
    await mock?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Runs a case's workflow the way the editor does, and waits for the stored execution. */
  async function runWorkflow(index) {
    const workflow = workflows.get(index);
    const started = await rest('POST', `/rest/workflows/${workflow.id}/run`, { workflowData: workflow, triggerToStartFrom: { name: 'Manual Trigger' } });
    assert.equal(started.status, 200, started.text);
    const { executionId } = started.body.data;
    assert.ok(executionId, `n8n started no execution: ${started.text}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const execution = await rest('GET', `/rest/executions/${executionId}`);
      assert.equal(execution.status, 200, execution.text);
      const { status, data } = execution.body.data;
      if (['success', 'error', 'crashed', 'canceled'].includes(status) && data) return { status, run: unflatten(data) };
      assert.ok(Date.now() < deadline, `execution ${executionId} still ${status} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** What n8n gave, in the shared matcher's shape (js/shared/cases.mjs). */
  async function execute(index) {
    const { status, run } = await runWorkflow(index);
    const { error, runData, lastNodeExecuted } = run.resultData;
    assert.equal(lastNodeExecuted, NODE_NAME, 'the last node run is the SparkBot node');
    if (status !== 'success') {
      assert.equal(status, 'error', `the run ended ${status}`);
      assert.ok(error, 'the run holds an error');
      assert.equal(runData[NODE_NAME][0].data, undefined, 'no items came out');
      return { error: errorOf(error) };
    }
    return { items: runData[NODE_NAME][0].data.main[0].map(itemOf) };
  }

  /** The load-options methods the node type n8n serves names (in collections and fixed collections too). */
  async function declaredLoadOptions() {
    const { body } = await rest('GET', '/types/nodes.json');
    const walk = (p) => [
      ...(typeof p.typeOptions?.loadOptionsMethod === 'string' ? [p.typeOptions.loadOptionsMethod] : []),
      ...(p.type === 'collection' ? (p.options ?? []).flatMap(walk) : []),
      ...(p.type === 'fixedCollection' ? (p.options ?? []).flatMap((g) => (g.values ?? []).flatMap(walk)) : []),
    ];
    return [...new Set(body.find((type) => type.name === NODE_TYPE).properties.flatMap(walk))].sort();
  }

  async function loadOptions(c, expect) {
    const response = await rest('POST', '/rest/dynamic-node-parameters/options', {
      nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
      methodName: c.method,
      path: 'device',
      currentNodeParameters: c.parameters ?? { resource: 'whatsappSession', operation: 'scanQr' },
      credentials: { [CREDENTIAL_TYPE]: credentials.get(credentialKey(c)) },
    });
    if (expect.n8nRefusesMethod) {
      assert.ok(c.expect.error, `case "${c.name}" expects a result, which n8n cannot give for an undeclared method`);
      assert.notEqual(response.status, 200, `n8n ran the undeclared method ${expect.n8nRefusesMethod}: ${response.text}`);
      // n8n's own refusal, in its words: 2.8 does not name the method, 2.40 does, lists the
      // declared ones (the package's: one per method describe() names) and the other kinds.
      const message = String(response.body?.message);
      const refusal = new RegExp(`^(?:Node type does not have method defined|Node type "[^"]+" has no loadOptions method named "${expect.n8nRefusesMethod}"\\. Available loadOptions methods: ([\\w, ]+)\\.(?: Other method types on this node — .*)?)$`);
      const [, listed] = message.match(refusal) ?? assert.fail(`n8n's refusal: ${response.text}`);
      if (listed !== undefined) assert.deepEqual(listed.split(', ').sort(), await declaredLoadOptions(), message);
      return undefined;
    }
    if (response.status === 500) {
      // n8n answers a failed load-options call with an HTTP 500 whose body
      // is the node error, serialized: name, message, context, httpCode.
      return { error: errorOf(response.body) };
    }
    assert.equal(response.status, 200, response.text);
    return { options: response.body.data };
  }

  async function describeCall() {
    const { status, body } = await rest('GET', '/types/nodes.json');
    assert.equal(status, 200);
    const ours = body.find((type) => type.name === NODE_TYPE);
    assert.ok(ours, `n8n lists ${NODE_TYPE}`);
    // As in shared-cases.test.ts: a collection's options and a fixed
    // collection's fields follow it, in the order describe() gives.
    const flatten = (p) => [
      p.name,
      ...(p.type === 'collection' ? (p.options ?? []).flatMap(flatten) : []),
      ...(p.type === 'fixedCollection' ? (p.options ?? []).flatMap((g) => (g.values ?? []).flatMap(flatten)) : []),
    ];
    return { propertyNames: ours.properties.flatMap(flatten) };
  }

  for (const [index, c] of cases.entries()) {
    const { why, expect } = n8nReading(c);
    test(`case ${index + 1}/${cases.length}: ${c.name}${why ? ` (n8n: ${why})` : ''}`, async () => {
      unread(expect, ['error', 'messageContains', 'items', 'options', 'propertyNames', 'requests', 'store', 'n8nRefusesMethod'], 'expect');
      const ctx = { ...(await prepareMock(mock, c)), decodePngQr };
      let outcome;
      if (c.call === 'describe') outcome = await describeCall();
      else if (c.call === 'loadOptions') outcome = await loadOptions(c, expect);
      else if (c.call === 'execute') outcome = await execute(index);
      else assert.fail(`unknown call ${c.call}`);
      if (expect.n8nRefusesMethod) {
        // Only what n8n lets through can be checked: no request reached the API.
        assert.equal(await ctx.requestCount(), expect.requests, 'API requests');
      } else {
        await checkCase(c, outcome, ctx, expect);
      }
      ran.add(index);
    });
  }

  test(`all ${cases.length} shared cases ran in real n8n, and the API key appears nowhere`, () => {
    assert.equal(ran.size, cases.length, `${ran.size} of ${cases.length} cases passed`);
    assert.ok(seen.length > 0);
    for (const text of seen) assert.ok(!text.includes(mock.apiKey), 'the API key appears in an answer of n8n');
    assert.ok(!server.log.includes(mock.apiKey), "the API key appears in n8n's log");
  });
});
