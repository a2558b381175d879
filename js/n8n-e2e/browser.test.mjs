// n8n's editor in a real browser: playwright-core driving Debian's
// chromium-headless-shell (no browser download) against `n8n start`. What a
// user sees: the node on the canvas with its icon, its panel's fields, the
// WhatsApp Number dropdown filled by getDevices with each number's session
// status, the credential form (Base URL, API Key masked) and its test
// passing against the mock and failing with a wrong key, Execute step
// giving the `qr` binary, and the searchable chat picker (Chats → Get Chat:
// type "alice" in the Chat ID list, the editor asks the node, pick Alice
// Doe, and the saved node holds her chat ID in list mode). Screenshots go to
// $SPARKBOT_ARTIFACTS (default n8n-e2e/artifacts/, gitignored).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, selectors } from 'playwright-core';
import { startMock } from '../jco/test/support/mock.mjs';
import { restClient, setupOwner, startN8n } from './support.mjs';
import { NODE_TYPE } from './workflows.mjs';

const CHROMIUM = process.env.SPARKBOT_CHROMIUM ?? '/usr/bin/chromium-headless-shell';
const ARTIFACTS = process.env.SPARKBOT_ARTIFACTS ?? join(import.meta.dirname, 'artifacts');
const PENDING = '61b37a069cba0c15d6c81e7c';
const ONLINE = '61b37a069cba0c15d6c81e7b';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the node in n8n\'s editor, in headless Chromium', { skip: !existsSync(CHROMIUM) && `no ${CHROMIUM} (apt-get install chromium-headless-shell)` }, () => {
  let mock;
  let scratch;
  let server;
  let rest;
  let browser;
  let page;
  let workflowId;
  let chatWorkflowId;
  let credentialId;

  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    mock = await startMock();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-browser-'));
    server = await startN8n(scratch);
    rest = restClient(server.base);
    await server.ready();
    await setupOwner(rest);
    const cred = await rest('POST', '/rest/credentials', { name: 'SparkBot mock', type: 'sparkBotApi', data: { baseUrl: mock.baseUrl, apiKey: mock.apiKey } });
    assert.equal(cred.status, 200, cred.text);
    credentialId = cred.body.data.id;
    const wf = await rest('POST', '/rest/workflows', {
      name: 'Scan QR in the editor',
      active: false,
      nodes: [
        { id: 'b-trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 'b-scan', name: 'SparkBot WhatsApp', type: NODE_TYPE, typeVersion: 1, position: [260, 0],
          parameters: { resource: 'whatsappSession', operation: 'scanQr', device: PENDING, encoding: 'image' },
          credentials: { sparkBotApi: { id: credentialId, name: 'SparkBot mock' } },
        },
      ],
      connections: { 'Manual Trigger': { main: [[{ node: 'SparkBot WhatsApp', type: 'main', index: 0 }]] } },
      settings: {},
    });
    assert.equal(wf.status, 200, wf.text);
    workflowId = wf.body.data.id;
    // A Get Chat node with nothing picked yet: the number and the chat are the user's to choose.
    // Its credential is its own (the credential test below saves a wrong key into the first).
    const chatCred = await rest('POST', '/rest/credentials', { name: 'SparkBot chats', type: 'sparkBotApi', data: { baseUrl: mock.baseUrl, apiKey: mock.apiKey } });
    assert.equal(chatCred.status, 200, chatCred.text);
    const chatWf = await rest('POST', '/rest/workflows', {
      name: 'Get a chat in the editor',
      active: false,
      nodes: [
        { id: 'c-trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 'c-get', name: 'Get Chat', type: NODE_TYPE, typeVersion: 1, position: [260, 0],
          parameters: { resource: 'chats', operation: 'get' },
          credentials: { sparkBotApi: { id: chatCred.body.data.id, name: 'SparkBot chats' } },
        },
      ],
      connections: { 'Manual Trigger': { main: [[{ node: 'Get Chat', type: 'main', index: 0 }]] } },
      settings: {},
    });
    assert.equal(chatWf.status, 200, chatWf.text);
    chatWorkflowId = chatWf.body.data.id;
    selectors.setTestIdAttribute('data-test-id');
    // A fresh user-data-dir in this run's scratch folder.
    const context = await chromium.launchPersistentContext(join(scratch, 'chromium'), {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 },
    });
    browser = context;
    const [name, value] = rest.cookie().split('=');
    await context.addCookies([{ name, value, url: server.base }]);
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await mock?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('the node is on the canvas, drawn with its own icon', async () => {
    await page.goto(`${server.base}/workflow/${workflowId}`);
    const node = page.getByTestId('canvas-node').filter({ hasText: 'SparkBot WhatsApp' });
    await node.waitFor();
    const icon = node.locator('img');
    await icon.first().waitFor();
    const src = await icon.first().getAttribute('src');
    assert.match(src, /sparkbot-whatsapp(\.dark)?\.svg/, src);
    const loaded = await icon.first().evaluate((img) => img.complete && img.naturalWidth > 0);
    assert.ok(loaded, `the icon ${src} was drawn`);
    await shot('1-canvas');
  });

  test("the panel's fields, and the WhatsApp Number dropdown with each number's session status", async () => {
    await page.getByTestId('canvas-node').filter({ hasText: 'SparkBot WhatsApp' }).dblclick();
    const ndv = page.getByTestId('ndv');
    await ndv.waitFor();
    for (const label of ['Resource', 'Operation', 'WhatsApp Number', 'Force New QR', 'QR Encoding']) {
      await ndv.getByText(label, { exact: true }).first().waitFor();
    }
    const headerIcon = ndv.locator('img[src*="sparkbot-whatsapp"]').first();
    await headerIcon.waitFor();
    await shot('2-panel');
    const options = await openDevices(ndv, 'Session: pending', '3-dropdown');
    // Each number's session status is its option's description.
    const texts = (await options.allInnerTexts()).map((t) => t.replace(/\s*\n\s*/g, ' | '));
    assert.deepEqual(texts, [
      'Sales (+14155550101) | Session: online',
      'Support | Session: pending',
      '+34600000000 | Session: new',
      'Marketing (+442071838750) | Session: timeout',
    ]);
    await shot('3-dropdown');
    await page.keyboard.press('Escape');
  });

  /**
   * Opens the WhatsApp Number dropdown of the open panel and waits for an
   * option holding `text`; gives the visible options. The dropdown is
   * disabled ("Loading options…") while getDevices runs through the node; a
   * click then does nothing, so wait, and click again if the options do not show.
   */
  async function openDevices(ndv, text, name) {
    const device = ndv.getByTestId('parameter-input-device');
    const options = page.locator('.el-select-dropdown__item:visible');
    const wanted = options.filter({ hasText: text }).first();
    for (let attempt = 1; ; attempt++) {
      await device.locator('input:not([disabled])').first().waitFor({ timeout: 30_000 });
      await device.click();
      try {
        await wanted.waitFor({ timeout: 10_000 });
        return options;
      } catch (error) {
        await shot(`${name}-attempt-${attempt}`);
        if (attempt === 3) throw error;
        await page.keyboard.press('Escape');
      }
    }
  }

  test('Execute step gives the qr binary', async () => {
    const ndv = page.getByTestId('ndv');
    await ndv.getByTestId('node-execute-button').first().click();
    await ndv.getByText('qr', { exact: true }).first().waitFor({ timeout: 30_000 });
    await shot('4-executed');
    await page.keyboard.press('Escape');
  });

  test('the credential form: Base URL, the API Key masked; its test passes, and fails with a wrong key', async () => {
    await page.goto(`${server.base}/home/credentials/${credentialId}`);
    const modal = page.getByTestId('editCredential-modal');
    await modal.waitFor();
    await modal.getByTestId('parameter-input-baseUrl').waitFor();
    await modal.locator('img[src*="sparkbot-whatsapp"]').first().waitFor();
    const key = modal.getByTestId('parameter-input-apiKey').locator('input');
    assert.equal(await key.getAttribute('type'), 'password');
    // n8n tests a saved credential when its form opens.
    await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30_000 });
    await shot('5-credential-ok');
    await key.fill('wrong-key-0123456789');
    await modal.getByTestId('credential-save-button').click();
    await modal.getByText(/Couldn.t connect with these settings/).waitFor({ timeout: 30_000 });
    await shot('6-credential-wrong-key');
    assert.ok(!server.log.includes(mock.apiKey), "the key is in n8n's log");
  });

  test('the chat picker: pick the number, type "alice" in the Chat ID list, pick Alice Doe; the saved node holds her chat ID in list mode', async () => {
    await mock.admin('POST', '/__mock/reset');
    await page.goto(`${server.base}/workflow/${chatWorkflowId}`);
    await page.getByTestId('canvas-node').filter({ hasText: 'Get Chat' }).dblclick();
    const ndv = page.getByTestId('ndv');
    await ndv.waitFor();
    const options = await openDevices(ndv, 'Sales (+14155550101)', '7-chat-picker-number');
    await options.filter({ hasText: 'Sales (+14155550101)' }).first().click();
    // The Chat ID resource locator, in its list mode: open it, then search.
    const chat = ndv.getByTestId('resource-locator-chatWid');
    await chat.getByTestId('rlc-input').click();
    const search = page.getByTestId('rlc-search');
    await search.waitFor();
    const items = page.getByTestId('rlc-item');
    await items.filter({ hasText: 'Bob Roe' }).first().waitFor({ timeout: 30_000 });
    // Typed key by key, as a user does (the editor asks the node again, a second after the last key).
    await search.pressSequentially('alice', { delay: 50 });
    await items.filter({ hasText: 'Alice Doe' }).first().waitFor({ timeout: 30_000 });
    await items.filter({ hasText: 'Bob Roe' }).waitFor({ state: 'detached', timeout: 30_000 });
    assert.deepEqual(await items.allInnerTexts(), ['Alice Doe']);
    await shot('7-chat-picker');
    // The node was asked: the API saw the number's chat list searched for "alice".
    const searched = (await mock.admin('GET', '/__mock/requests')).filter((r) => r.path === `/v1/chat/${ONLINE}/chats`);
    assert.ok(searched.some((r) => /(^|&)search=alice(&|$)/.test(r.query)), JSON.stringify(searched));
    await items.filter({ hasText: 'Alice Doe' }).first().click();
    assert.equal(await chat.getByTestId('rlc-input').inputValue(), 'Alice Doe');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+s');
    // The saved workflow (n8n saves on Ctrl+S, or by itself): wait until it holds the pick.
    let saved;
    for (const deadline = Date.now() + 30_000; ; ) {
      const wf = await rest('GET', `/rest/workflows/${chatWorkflowId}`);
      saved = wf.body.data.nodes.find((n) => n.name === 'Get Chat').parameters;
      if (saved.chatWid?.value) break;
      assert.ok(Date.now() < deadline, `the pick was not saved: ${JSON.stringify(saved)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(saved.device, ONLINE);
    assert.deepEqual(saved.chatWid, { __rl: true, mode: 'list', value: '14155550111@c.us', cachedResultName: 'Alice Doe' });
    assert.ok(!server.log.includes(mock.apiKey), "the key is in n8n's log");
  });
});
