// Builds the package: the transpiled component (js/jco/generated, made by
// js/jco/transpile.mjs) is copied into component/, then tsc compiles src/
// into dist/ against the real n8n-workflow types, and the repository's
// assets/ (the icon) are copied beside the node file.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const generated = join(here, '..', 'jco', 'generated-instantiable');
if (!existsSync(join(generated, 'sparkbot_whatsapp.js'))) {
  console.error(`build: no transpiled component in ${generated}; run node ../jco/transpile.mjs first`);
  process.exit(1);
}
rmSync(join(here, 'component'), { recursive: true, force: true });
rmSync(join(here, 'dist'), { recursive: true, force: true });
cpSync(generated, join(here, 'component'), { recursive: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
// The component's own assets (its icon, light and dark: the name comes from
// describe()) go beside the node file, where n8n resolves `file:` icons.
for (const folder of [join('nodes', 'SparkBotWhatsApp'), 'credentials']) {
  cpSync(join(here, '..', '..', 'assets'), join(here, 'dist', folder), { recursive: true });
}
console.log('build: dist/ and component/ ready');
