// Which parameters an item passes (parameters.ts, display.ts): only the
// top-level fields shown for the item's own values, read through a fake
// getNodeParameter that records what was asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shownWhen } from '../display';
import { ParameterPlan, type ReadField } from '../parameters';
import { mode, prop, typeOptions, when } from './support/describe';

/** getNodeParameter over `values` (n8n's fallback when unset), recording each read. */
function reader(values: Record<string, unknown>) {
	const reads: [string, unknown, boolean][] = [];
	const read: ReadField = (name, fallback, { extractValue }) => {
		reads.push([name, fallback, extractValue]);
		const value = name in values ? values[name] : fallback;
		if (value instanceof Error) throw value;
		return value;
	};
	return { read, reads };
}

const show = (...conditions: ReturnType<typeof when>[]) => ({ show: conditions, hide: [] });

// Two resources, an operation per resource, fields per operation (two of one name).
const FORM = [
	prop('resource', { type: 'options', default: '"chat"' }),
	prop('operation', { type: 'options', default: '"send"', displayOptions: show(when('resource', 'chat')) }),
	prop('operation', { type: 'options', default: '"list"', displayOptions: show(when('resource', 'group')) }),
	prop('text', { displayOptions: show(when('resource', 'chat'), when('operation', 'send')) }),
	prop('limit', { type: 'number', default: '50', displayOptions: show(when('resource', 'group', 'chat'), when('operation', 'list')) }),
	prop('options', { type: 'collection', default: '{}', displayOptions: show(when('operation', 'send')) }),
	prop('timeout', { parent: 'options', type: 'number', default: '0' }),
	prop('options', { type: 'collection', default: '{"x":1}', displayOptions: show(when('operation', 'list')) }),
	prop('note', { type: 'notice', default: '""' }),
	prop('always'),
];

test("an item passes only the fields shown for its resource and operation, each name once, with the shown field's default", () => {
	const plan = new ParameterPlan(FORM);
	const chat = reader({ resource: 'chat', text: 'hi' });
	assert.deepEqual(plan.forItem(chat.read), { resource: 'chat', operation: 'send', text: 'hi', options: {}, always: '' });
	const group = reader({ resource: 'group' });
	assert.deepEqual(plan.forItem(group.read), { resource: 'group', operation: 'list', limit: 50, options: { x: 1 }, always: '' });
	// A field of another operation is never even read: its expression cannot fail the item.
	assert.ok(!group.reads.some(([name]) => name === 'text'));
	assert.ok(!chat.reads.some(([name]) => name === 'limit' || name === 'timeout' || name === 'note'));
	// Each shown field read once.
	assert.deepEqual(chat.reads.map(([name]) => name), ['resource', 'operation', 'text', 'options', 'always']);
	// A per-item value decides per item.
	assert.deepEqual(Object.keys(plan.forItem(reader({ resource: 'chat', operation: 'list' }).read)), ['resource', 'operation', 'limit', 'options', 'always']);
});

test('hide: a field is passed unless one of its hide conditions holds; a list value matches on any entry', () => {
	const plan = new ParameterPlan([
		prop('mode', { default: '"a"' }),
		prop('tags', { type: 'multi-options', default: '[]' }),
		prop('extra', { displayOptions: { show: [], hide: [when('mode', 'b', 'c')] } }),
		prop('tagged', { displayOptions: show(when('tags', 'vip')) }),
	]);
	assert.deepEqual(Object.keys(plan.forItem(reader({ mode: 'a' }).read)), ['mode', 'tags', 'extra']);
	assert.deepEqual(Object.keys(plan.forItem(reader({ mode: 'c', tags: ['x', 'vip'] }).read)), ['mode', 'tags', 'tagged']);
});

test('conditions compare JSON values: a number is not its text, a boolean not "true"', () => {
	const holds = shownWhen(show(when('n', 1), when('b', true)));
	assert.equal(holds((name) => ({ n: 1, b: true })[name]), true);
	assert.equal(holds((name) => ({ n: '1', b: true })[name]), false);
	assert.equal(holds((name) => ({ n: 1, b: 'true' })[name]), false);
	assert.equal(holds(() => undefined), false);
	assert.equal(shownWhen(undefined)(() => undefined), true);
	assert.equal(shownWhen({ show: [], hide: [when('n', 1)] })(() => undefined), true, 'an unset property hides nothing');
});

test('a condition on a hidden field, a missing one, or a circle counts as unset', () => {
	const plan = new ParameterPlan([
		prop('a', { displayOptions: show(when('b', 'x')) }),
		prop('b', { default: '"x"', displayOptions: show(when('a', '')) }),
		prop('c', { displayOptions: show(when('nowhere', 'x')) }),
		prop('d', { displayOptions: { show: [], hide: [when('nowhere', 'x')] } }),
	]);
	const { read, reads } = reader({});
	assert.deepEqual(plan.forItem(read), { d: '' });
	assert.ok(!reads.some(([name]) => name === 'nowhere'), 'a name that is no field is never read (n8n would throw)');
});

test('a resource locator is read with extractValue and passes its plain value; fixed collections pass as n8n gives them', () => {
	const plan = new ParameterPlan([
		prop('chat', { type: 'resource-locator', default: '{"mode":"list","value":""}', typeOptions: typeOptions({ locatorModes: [mode('list', { searchMethod: 's' })] }) }),
		prop('buttons', { type: 'fixed-collection', default: '{}' }),
	]);
	const given = { chat: '1@c.us', buttons: { button: [{ text: 'a' }] } };
	const { read, reads } = reader(given);
	assert.deepEqual(plan.forItem(read), given);
	assert.deepEqual(reads, [['chat', '', true], ['buttons', {}, false]]);
	// An n8n that hands back the wrapper all the same: the node still gets the value.
	assert.deepEqual(plan.forItem(reader({ chat: { __rl: true, mode: 'id', value: '2@c.us' } }).read).chat, '2@c.us');
	// Load-options and list-search parameters: the same plain value.
	assert.deepEqual(plan.withPlainLocators({ chat: { __rl: true, mode: 'list', value: '3' }, other: { mode: 1, value: 2 } }), { chat: '3', other: { mode: 1, value: 2 } });
});

test("an expression that fails in a shown field fails the item (the runtime turns it into an error item)", () => {
	const plan = new ParameterPlan(FORM);
	assert.throws(() => plan.forItem(reader({ resource: 'chat', text: new Error('bad expression') }).read), /bad expression/);
	// The same failing value in a field the item does not show is never read.
	assert.doesNotThrow(() => plan.forItem(reader({ resource: 'group', text: new Error('bad expression') }).read));
});
