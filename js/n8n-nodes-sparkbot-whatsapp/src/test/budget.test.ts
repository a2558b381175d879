// The call's deadline from the node's time budgets (budget.ts): matching
// and not matching conditions, the parameter set / unset / of the wrong
// type, a dotted path, the fallback, extra time, the host's cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimeBudgets } from '../budget';
import { when } from './support/describe';

const budgets = new TimeBudgets({
	itemBudgetMs: 30_000n,
	timeBudgets: [
		{ when: [when('resource', 'session'), when('operation', 'scanQrAndWait')], defaultMs: 120_000n, parameter: 'options.timeout', extraMs: 10_000n },
		{ when: [when('operation', 'upload')], defaultMs: 60_000n, parameter: 'timeoutMs', extraMs: 0n },
		{ when: [when('operation', 'upload', 'scanQrAndWait')], defaultMs: 1n, extraMs: 1n },
		{ when: [when('operation', 'ping')], defaultMs: 5_000n, extraMs: 500n },
	],
});
const wait = { resource: 'session', operation: 'scanQrAndWait' };

test('the first budget whose conditions all hold applies; none: item-budget-ms', () => {
	assert.equal(budgets.itemMs(wait), 130_000);
	assert.equal(budgets.itemMs({ operation: 'ping' }), 5_500, 'no parameter: default plus extra');
	assert.equal(budgets.itemMs({ resource: 'device', operation: 'scanQrAndWait' }), 2, 'one condition fails: the next budget that matches');
	assert.equal(budgets.itemMs({ resource: 'session', operation: 'other' }), 30_000);
	assert.equal(budgets.itemMs({}), 30_000);
});

test("the budget's parameter, a dotted path, replaces the default when it is a positive number", () => {
	assert.equal(budgets.itemMs({ ...wait, options: { timeout: 5_000 } }), 15_000);
	assert.equal(budgets.itemMs({ operation: 'upload', timeoutMs: 2_500 }), 2_500);
	for (const options of [{}, { timeout: 0 }, { timeout: -5 }, { timeout: '5000' }, { timeout: null }, { timeout: Number.NaN }, { timeout: Infinity }, 'x', [5_000], null]) {
		assert.equal(budgets.itemMs({ ...wait, options }), 130_000, `options = ${JSON.stringify(options)}`);
	}
	// Only the path itself: a top-level `timeout` is not `options.timeout`.
	assert.equal(budgets.itemMs({ ...wait, timeout: 1 }), 130_000);
});

test("the call's deadline is the sum of its items' budgets, at most the cap", () => {
	const items = [wait, { operation: 'ping' }, {}, { ...wait, options: { timeout: 1_000 } }];
	assert.equal(budgets.callMs(items, 900_000), 130_000 + 5_500 + 30_000 + 11_000);
	assert.equal(budgets.callMs(items, 100_000), 100_000);
	assert.equal(budgets.callMs([{ ...wait, options: { timeout: 10 ** 12 } }], 900_000), 900_000, 'a huge parameter is capped');
	assert.equal(budgets.callMs([], 900_000), 0);
});

test('a node with no time budgets gives every item its item budget', () => {
	const plain = new TimeBudgets({ itemBudgetMs: 45_000n, timeBudgets: [] });
	assert.equal(plain.callMs([{ options: { timeout: 1 } }, {}], 900_000), 90_000);
});
