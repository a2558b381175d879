// Transpiles the release component (unchanged) into ./generated with jco,
// and the echo test component, when it is built, into ./generated-echo.
// Paths: SPARKBOT_COMPONENT and ECHO_NODE_COMPONENT, defaulting to the
// project's release builds. The outputs are build products (gitignored).
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentPath, echoComponentPath } from './test/support/paths.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The jco CLI (dist/jco.js beside the package's main module, dist/api.js).
const jcoBin = join(dirname(require.resolve('@bytecodealliance/jco')), 'jco.js');

function transpile(wasm, name, outDir, extra = []) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, [jcoBin, 'transpile', wasm, '--name', name, '-o', outDir, '--quiet', ...extra], { stdio: 'inherit' });
  // The generated files are ES modules; say so to Node wherever they are copied.
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');
  console.log(`transpile: ${wasm} (${statSync(wasm).size} bytes) -> ${outDir}`);
}

const wasm = componentPath();
if (!existsSync(wasm)) {
  console.error(`transpile: no component at ${wasm}.\n` +
    'Build it with: CARGO_TARGET_DIR=$HOME/.cache/sparkbot-whatsapp/target ' +
    'cargo build --release --target wasm32-wasip2 -p sparkbot-whatsapp, or set SPARKBOT_COMPONENT.');
  process.exit(1);
}
transpile(wasm, 'sparkbot_whatsapp', join(here, 'generated'));
// For the n8n package: `instantiate(getCoreModule, imports)`, so its host
// compiles the core modules once per process, gives the component its
// imports itself (nothing patched) and makes a fresh instance per call.
transpile(wasm, 'sparkbot_whatsapp', join(here, 'generated-instantiable'), ['--instantiation', 'sync']);

const echo = echoComponentPath();
const echoOut = join(here, 'generated-echo');
if (existsSync(echo)) {
  transpile(echo, 'echo_node', echoOut);
  transpile(echo, 'echo_node', join(here, 'generated-echo-instantiable'), ['--instantiation', 'sync']);
} else {
  // test/echo-node.test.mjs fails, saying so; the rest can still run.
  rmSync(echoOut, { recursive: true, force: true });
  console.log(`transpile: no echo test component at ${echo} (set ECHO_NODE_COMPONENT); its test will fail`);
}
