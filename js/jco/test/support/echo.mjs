// Starts echo-server.mjs in a child process on `host` (default loopback).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./echo-server.mjs', import.meta.url));

/** @returns {Promise<{origin: string, port: number, log: () => Promise<{method: string, url: string, headers: [string, string][], body: string}[]>, stop: () => Promise<void>}>} */
export async function startEchoServer(host = '127.0.0.1') {
  const child = spawn(process.execPath, [script, host], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`echo server did not start: ${out}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`echo server exited (${code}): ${out}`)); });
  });
  child.removeAllListeners('exit');
  const origin = `http://${host}:${port}`;
  return {
    origin,
    port,
    async log() {
      const response = await fetch(`${origin}/__log`);
      return response.json();
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
