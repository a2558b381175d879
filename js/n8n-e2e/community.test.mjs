// The package installed as users install a community node: `npm pack`'s
// tarball, `npm install`ed into the n8n user folder's nodes/ (what n8n's
// own "Install community node" and its docs' manual install do), with no
// N8N_CUSTOM_EXTENSIONS. n8n must find it there, under the package's own
// type name, and run it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startMock } from '../jco/test/support/mock.mjs';
import { decodePngQr } from '../jco/test/support/qr.mjs';
import { n8nBin, n8nEnv } from './support.mjs';
import { communityScan, credential } from './workflows.mjs';

const run = promisify(execFile);
const tarball = process.env.SPARKBOT_PACKAGE_TARBALL;
const PENDING = '61b37a069cba0c15d6c81e7c';
const FRESH = '61b37a069cba0c15d6c81e7d';

describe('installed from npm pack into the user folder nodes/ (the community-node path)', () => {
  let mock;
  let scratch;
  let env;
  let result;
  let devices;

  before(async () => {
    assert.ok(tarball && existsSync(tarball), 'SPARKBOT_PACKAGE_TARBALL must name the packed package (run js/run-tests.sh n8n)');
    mock = await startMock();
    scratch = mkdtempSync(join(tmpdir(), 'sparkbot-n8n-community-'));
    // No custom extension: the node must come from nodes/ alone.
    env = await n8nEnv(scratch, { N8N_CUSTOM_EXTENSIONS: undefined, N8N_DEFAULT_BINARY_DATA_MODE: 'default' });
    const nodes = join(env.N8N_USER_FOLDER, '.n8n', 'nodes');
    mkdirSync(nodes, { recursive: true });
    writeFileSync(join(nodes, 'package.json'), '{"private": true}\n');
    // As the README says: n8n-workflow is n8n's own copy (n8n puts its
    // node_modules on NODE_PATH for the packages it loads).
    await run('npm', ['install', '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: nodes, env: process.env });
    const files = join(scratch, 'import');
    mkdirSync(files);
    writeFileSync(join(files, 'credentials.json'), JSON.stringify(credential(mock.baseUrl, mock.apiKey)));
    writeFileSync(join(files, 'workflow.json'), JSON.stringify(communityScan({ pending: PENDING, fresh: FRESH })));
    const options = { env, maxBuffer: 64 << 20, timeout: 120_000 };
    await run(n8nBin, ['import:credentials', `--input=${join(files, 'credentials.json')}`], options);
    rmSync(join(files, 'credentials.json'));
    await run(n8nBin, ['import:workflow', `--input=${join(files, 'workflow.json')}`], options);
    try {
      result = await run(n8nBin, ['execute', '--id=SparkbotCommunit', '--rawOutput'], options);
    } catch (error) {
      result = error;
    }
    devices = await mock.admin('GET', '/__mock/devices');
  });

  after(async () => {
    await mock?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('n8n loads n8n-nodes-sparkbot-whatsapp.sparkBotWhatsApp from nodes/ and the Scan QR workflow succeeds', () => {
    const { stdout = '', stderr = '' } = result;
    assert.ok(!(stdout + stderr).includes(mock.apiKey), 'the key is in no output');
    const start = stdout.indexOf('\n{\n');
    assert.ok(start >= 0, `no run data:\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`);
    const data = JSON.parse(stdout.slice(start + 1, stdout.indexOf('\n}\n', start) + 2));
    assert.equal(data.status, 'success', JSON.stringify(data.data.resultData.error));
    const items = data.data.resultData.runData['SparkBot WhatsApp'][0].data.main[0];
    assert.equal(items.length, 2);
    for (const [i, id] of [PENDING, FRESH].entries()) {
      const payload = devices.find((d) => d.id === id).payload;
      assert.equal(decodePngQr(Buffer.from(items[i].binary.qr.data, 'base64')), payload);
    }
  });
});
