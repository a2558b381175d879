// n8n scaled out on its own queue mode, with the package on every process:
// Redis (Debian's redis-server), Postgres 15 (a throwaway cluster of this
// run's own, initdb'd in the scratch folder and run as the postgres user),
// one `n8n start` (main) and two `n8n worker`s. A webhook workflow (Webhook →
// SparkBot WhatsApp: Scan QR, base64) is fired N times (default 200) at the
// main, which queues each execution for the workers. Checks: every call
// answered 200 with a QR that decodes to the payload the API issued, every
// execution succeeded, both workers ran some, and the API key is in no log.
// Everything it starts is stopped when it ends (or fails).
// Run: js/run-tests.sh scale-out [--executions 200] [--concurrency 10]
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMock } from '../jco/test/support/mock.mjs';
import { decodePngQr } from '../jco/test/support/qr.mjs';
import { extension, freePort, n8nBin, restClient, setupOwner } from './support.mjs';
import { NODE_TYPE } from './workflows.mjs';

const { values: args } = parseArgs({ options: { executions: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '10' } } });
const EXECUTIONS = Number(args.executions);
const CONCURRENCY = Number(args.concurrency);
const PG_BIN = process.env.SPARKBOT_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PENDING = '61b37a069cba0c15d6c81e7c';

const started = [];
/** Spawns a long-lived process in its own group, keeping its output. */
function start(name, command, argv, options = {}) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  const proc = { name, child, log: '' };
  child.stdout.on('data', (c) => { proc.log += c; });
  child.stderr.on('data', (c) => { proc.log += c; });
  started.push(proc);
  return proc;
}
async function until(what, check, ms = 120_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    assert.ok(Date.now() < deadline, `${what}: not ready in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
async function stopAll() {
  for (const proc of started.reverse()) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) continue;
    const exited = new Promise((r) => proc.child.once('exit', r));
    try { process.kill(-proc.child.pid, 'SIGTERM'); } catch { continue; }
    const timer = setTimeout(() => { try { process.kill(-proc.child.pid, 'SIGKILL'); } catch {} }, 20_000);
    await exited;
    clearTimeout(timer);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'sparkbot-scale-out-'));
const mock = await startMock();
const t0 = Date.now();
let failed = false;
try {
  // Redis, on a free loopback port, no persistence.
  const redisPort = await freePort();
  const redis = start('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await until('redis', () => redis.log.includes('Ready to accept connections'));

  // Postgres: a cluster of this run's own (postgres refuses to run as root).
  const pgData = join(scratch, 'pg');
  mkdirSync(pgData);
  const pg = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const pgGid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(pgData, pg, pgGid);
  chownSync(scratch, pg, pgGid);
  execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, 'initdb'), '-D', pgData, '-A', 'trust', '-U', 'n8n'], { stdio: 'ignore' });
  const pgPort = await freePort();
  const postgres = start('postgres', 'runuser', ['-u', 'postgres', '--', join(PG_BIN, 'postgres'), '-D', pgData, '-p', String(pgPort), '-h', '127.0.0.1', '-k', pgData]);
  await until('postgres', () => postgres.log.includes('database system is ready to accept connections'));

  const common = {
    PATH: process.env.PATH,
    N8N_CUSTOM_EXTENSIONS: extension,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
    DB_TYPE: 'postgresdb',
    DB_POSTGRESDB_HOST: '127.0.0.1',
    DB_POSTGRESDB_PORT: String(pgPort),
    DB_POSTGRESDB_USER: 'n8n',
    DB_POSTGRESDB_DATABASE: 'postgres',
    EXECUTIONS_MODE: 'queue',
    QUEUE_BULL_REDIS_HOST: '127.0.0.1',
    QUEUE_BULL_REDIS_PORT: String(redisPort),
    N8N_DEFAULT_BINARY_DATA_MODE: 'default',
  };
  const n8nEnv = async (name, extra) => {
    const home = join(scratch, name);
    mkdirSync(home);
    return { ...common, HOME: home, N8N_USER_FOLDER: home, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extra };
  };
  const mainPort = await freePort();
  const main = start('main', n8nBin, ['start'], {
    env: await n8nEnv('main', { N8N_PORT: String(mainPort), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_SECURE_COOKIE: 'false' }),
  });
  // Workers only once the main has run the migrations.
  await until('n8n main', () => {
    assert.equal(main.child.exitCode, null, main.log.slice(-3000));
    return main.log.includes('Editor is now accessible');
  });
  const workers = [];
  for (const name of ['worker1', 'worker2']) {
    workers.push(start(name, n8nBin, ['worker', '--concurrency=5'], {
      env: await n8nEnv(name, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(await freePort()), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }),
    }));
  }
  for (const w of workers) {
    await until(w.name, () => {
      assert.equal(w.child.exitCode, null, w.log.slice(-3000));
      return /n8n worker is now ready|Worker ready|ready to process/i.test(w.log);
    });
  }
  const ready = Date.now();

  const base = `http://127.0.0.1:${mainPort}`;
  const rest = restClient(base);
  await setupOwner(rest);
  const cred = await rest('POST', '/rest/credentials', { name: 'SparkBot mock', type: 'sparkBotApi', data: { baseUrl: mock.baseUrl, apiKey: mock.apiKey } });
  assert.equal(cred.status, 200, cred.text);
  const path = 'scale-out-scan';
  const created = await rest('POST', '/rest/workflows', {
    name: 'Scan QR on the queue',
    active: false,
    nodes: [
      { id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(),
        parameters: { httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} } },
      { id: randomUUID(), name: 'SparkBot WhatsApp', type: NODE_TYPE, typeVersion: 1, position: [250, 0],
        parameters: { resource: 'whatsappSession', operation: 'scanQr', device: PENDING, encoding: 'base64' },
        credentials: { sparkBotApi: { id: cred.body.data.id, name: 'SparkBot mock' } } },
    ],
    connections: { Webhook: { main: [[{ node: 'SparkBot WhatsApp', type: 'main', index: 0 }]] } },
    settings: {},
  });
  assert.equal(created.status, 200, created.text);
  const { id, versionId } = created.body.data;
  const activated = await rest('POST', `/rest/workflows/${id}/activate`, { versionId });
  assert.equal(activated.status, 200, activated.text);

  const payload = (await mock.admin('GET', '/__mock/devices')).find((d) => d.id === PENDING).payload;
  const fired = Date.now();
  let next = 0;
  const answers = [];
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < EXECUTIONS) {
      next++;
      const response = await fetch(`${base}/webhook/${path}`);
      answers.push({ status: response.status, text: await response.text() });
    }
  }));
  const took = Date.now() - fired;

  let decoded = 0;
  for (const { status, text } of answers) {
    assert.equal(status, 200, text.slice(0, 500));
    const json = JSON.parse(text);
    assert.equal(decodePngQr(Buffer.from(json.data, 'base64')), payload);
    decoded++;
  }
  // Every execution, as n8n recorded it (counted by n8n: its list pages at 100).
  const count = async (filter) => {
    const list = await rest('GET', `/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: id, ...filter }))}&limit=1`);
    assert.equal(list.status, 200, list.text);
    return list.body.data.count;
  };
  let statuses;
  await until('every execution recorded', async () => {
    statuses = { all: await count({}), success: await count({ status: ['success'] }) };
    return statuses.success >= EXECUTIONS;
  }, 60_000).catch((error) => {
    throw new Error(`${error.message}: ${JSON.stringify(statuses)}`);
  });
  assert.deepEqual(statuses, { all: EXECUTIONS, success: EXECUTIONS });
  const perWorker = workers.map((w) => (w.log.match(/Worker started execution/g) ?? []).length);
  assert.ok(perWorker.every((n) => n > 0), `both workers ran some: ${perWorker}`);
  assert.equal(perWorker.reduce((a, b) => a + b, 0), EXECUTIONS, `the workers ran every execution: ${perWorker}`);
  for (const proc of started) assert.ok(!proc.log.includes(mock.apiKey), `the API key is in the ${proc.name} log`);
  const requests = await mock.admin('GET', '/__mock/requests');
  assert.equal(requests.filter((r) => r.tokenMatches).length, EXECUTIONS);
  console.log(JSON.stringify({
    executions: EXECUTIONS, concurrency: CONCURRENCY, succeeded: statuses.success, qrDecoded: decoded, perWorker,
    firingMs: took, perSecond: +(EXECUTIONS / (took / 1000)).toFixed(1), startUpMs: ready - t0,
  }));
} catch (error) {
  failed = true;
  console.error(error);
  for (const proc of started) console.error(`--- ${proc.name} (last lines)\n${proc.log.slice(-1500)}`);
} finally {
  await stopAll();
  await mock.stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
