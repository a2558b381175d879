// tests/cases/shared.json through the jco-transpiled component: the same
// cases the Rust host runs, with the same expectations.
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { node } from './support/component.mjs';
import { startMock } from './support/mock.mjs';
import { runCase } from './support/cases.mjs';
import { loadCases } from '../../shared/cases.mjs';

const cases = loadCases(process.env.SPARKBOT_SHARED_CASES || fileURLToPath(new URL('../../../tests/cases/shared.json', import.meta.url)));

describe('shared cases (tests/cases/shared.json) through jco', () => {
  let mock;
  before(async () => { mock = await startMock(); });
  after(async () => { await mock?.stop(); });
  for (const c of cases) {
    test(c.name, async () => { await runCase(node, mock, c); });
  }
});
