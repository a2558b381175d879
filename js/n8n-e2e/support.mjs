// What the n8n end-to-end tests share: the n8n install and package they run,
// the environment n8n gets, a long-lived `n8n start` and a REST client for it.
// Kept in one place so the three test files start n8n the same way.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

// Checked on import, so a test file fails before it starts anything when it
// is not run through ../run-tests.sh n8n.
export const n8nHome = process.env.N8N_HOME;
export const extension = process.env.SPARKBOT_N8N_EXTENSION;
if (!n8nHome || !existsSync(join(n8nHome, 'node_modules', '.bin', 'n8n'))) throw new Error('N8N_HOME must point at an n8n install (run js/run-tests.sh n8n)');
if (!extension || !existsSync(extension)) throw new Error('SPARKBOT_N8N_EXTENSION must point at the installed package (run js/run-tests.sh n8n)');

export const n8nBin = join(n8nHome, 'node_modules', '.bin', 'n8n');

/**
 * The Node.js n8n runs on: the install's own when it has one (n8n 2.40 needs
 * Node.js >= 24: <install>/node, see install-n8n.sh), else the tests' own.
 * n8n's scripts start with `#!/usr/bin/env node`, so PATH decides.
 */
const nodeBinDir = join(n8nHome, 'node', 'node_modules', '.bin');
export const n8nPath = existsSync(join(nodeBinDir, 'node')) ? `${nodeBinDir}:${process.env.PATH}` : process.env.PATH;

/** A free loopback port: n8n's defaults (5678, and 5679 for the task broker) may be taken. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * n8n's environment, with nothing inherited but PATH (n8nPath): all its state under
 * `scratch` (created here: n8n wants its user folder to exist), the package
 * as a custom extension, and no calls home. `extra` is added last.
 */
export async function n8nEnv(scratch, extra = {}) {
  mkdirSync(join(scratch, 'user'));
  return {
    PATH: n8nPath,
    HOME: scratch,
    N8N_USER_FOLDER: join(scratch, 'user'),
    N8N_CUSTOM_EXTENSIONS: extension,
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    ...extra,
  };
}

/**
 * Spawns `n8n start` on a free loopback port, over plain HTTP. It returns as
 * soon as the process exists, so that a caller's after() can stop it even
 * when ready() then fails. The log is kept to check that no secret reaches it.
 */
export async function startN8n(scratch, extra = {}) {
  const port = await freePort();
  const env = await n8nEnv(scratch, {
    N8N_SECURE_COOKIE: 'false',
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_PORT: String(port),
    ...extra,
  });
  // Its own process group, so stop() also ends the task runners n8n forks.
  const server = spawn(n8nBin, ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  server.stdout.on('data', (chunk) => { log += chunk; });
  server.stderr.on('data', (chunk) => { log += chunk; });
  return {
    base: `http://127.0.0.1:${port}`,
    get log() { return log; },
    /** Waits for the editor to listen; n8n prints this line only once it does. */
    async ready() {
      const deadline = Date.now() + 90_000;
      while (!log.includes('Editor is now accessible')) {
        assert.ok(server.exitCode === null, `n8n start exited:\n${log.slice(-3000)}`);
        assert.ok(Date.now() < deadline, `n8n start not ready in 90 s:\n${log.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop() {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    },
  };
}

/**
 * A client for n8n's REST API that keeps n8n's session cookie, as the editor
 * does. `onText` sees every answer's body, for checks across all of them.
 */
export function restClient(base, onText = () => {}) {
  let cookie = '';
  /** The session cookie as `name=value` (a browser can be given it). */
  rest.cookie = () => cookie;
  return rest;
  async function rest(method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0];
    const text = await response.text();
    onText(text);
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  }
}

/** A fresh n8n has no user: creating the owner logs the client in (the cookie). */
export async function setupOwner(rest) {
  const owner = await rest('POST', '/rest/owner/setup', {
    email: 'e2e@example.com', firstName: 'E', lastName: 'E', password: 'Passw0rd-e2e-123',
  });
  assert.equal(owner.status, 200, owner.text);
}
