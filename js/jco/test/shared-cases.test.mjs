// tests/cases/shared.json through the jco-transpiled component: the same
// cases the Rust host runs, with the same expectations.
import { after, before, describe, test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { node } from './support/component.mjs';
import { startMock } from './support/mock.mjs';
import { runCase } from './support/cases.mjs';

const file = process.env.SPARKBOT_SHARED_CASES || fileURLToPath(new URL('../../../tests/cases/shared.json', import.meta.url));
if (!existsSync(file)) throw new Error(`the shared case file is missing: ${file}`);
const { cases, caseCount } = JSON.parse(readFileSync(file, 'utf8'));
if (!Array.isArray(cases) || cases.length === 0) throw new Error(`${file} holds no cases`);
if (cases.length !== caseCount) throw new Error(`${file} holds ${cases.length} cases, its caseCount says ${caseCount}`);

describe('shared cases (tests/cases/shared.json) through jco', () => {
  let mock;
  before(async () => { mock = await startMock(); });
  after(async () => { await mock?.stop(); });
  for (const c of cases) {
    test(c.name, async () => { await runCase(node, mock, c); });
  }
});
