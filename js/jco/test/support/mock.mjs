// Starts `host-test mock-api` (the embedded SparkBot API) as a separate
// process on a free port, and stops it. It must not run in the test's own
// thread: preview2-shim's synchronous HTTP would deadlock against it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostTestBin } from './paths.mjs';

/**
 * @param {string} [apiKey] the key the API accepts (default: a fresh random one)
 * @returns {Promise<{baseUrl: string, apiKey: string, origin: string, stop: () => Promise<void>, admin: (method: string, path: string, body?: unknown) => Promise<unknown>}>}
 */
export async function startMock(apiKey = `sk_test_${randomBytes(16).toString('hex')}`) {
  const bin = hostTestBin();
  if (!existsSync(bin)) {
    throw new Error(`no host-test binary at ${bin}; build it (cargo build -p host-test) or set HOST_TEST_BIN`);
  }
  const child = spawn(bin, ['mock-api', '--port', '0', '--api-key', apiKey], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host-test mock-api did not start in 15 s: ${output}`)), 15_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /Base URL: (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`host-test mock-api exited (${code}): ${output}`)); });
  });
  child.removeAllListeners('exit');
  const origin = new URL(baseUrl).origin;
  return {
    baseUrl,
    apiKey,
    origin,
    /** The mock's admin API (/__mock/...), for faults and the request log. */
    async admin(method, path, body) {
      const response = await fetch(`${origin}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`mock admin ${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
