// The node's form methods (n8n-node.ts) built from a hand-made description:
// a list-search method per search method a locator mode names, a
// load-options method per dropdown; and a search page as n8n's result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { formMethods } from '../n8n-node';
import { toListSearchResult } from '../run';
import { describing, mode, prop, typeOptions } from './support/describe';

const CHAT_MODES = [mode('list', { displayName: 'From List', searchMethod: 'searchChats', searchable: true }), mode('id')];

test('form methods: one listSearch per search method of a locator mode, calling the runtime with filter and token; loadOptions as before', async () => {
	const d = describing([
		prop('chat', { type: 'resource-locator', typeOptions: typeOptions({ locatorModes: CHAT_MODES }) }),
		prop('group', { type: 'resource-locator', typeOptions: typeOptions({ locatorModes: [mode('list', { searchMethod: 'searchGroups' }), mode('id')] }) }),
		prop('device', { type: 'options', typeOptions: typeOptions({ loadOptionsMethod: 'getDevices' }) }),
	]);
	const calls: unknown[][] = [];
	const fns = { marker: 'fns' } as unknown as ILoadOptionsFunctions;
	const methods = formMethods(d, {
		loadOptions: async (f, method) => {
			calls.push(['loadOptions', f, method]);
			return [];
		},
		listSearch: async (f, method, filter, token) => {
			calls.push(['listSearch', f, method, filter, token]);
			return { results: [{ name: 'A', value: 'a' }], paginationToken: 'next' };
		},
	});
	assert.deepEqual(Object.keys(methods.listSearch), ['searchChats', 'searchGroups']);
	assert.deepEqual(Object.keys(methods.loadOptions), ['getDevices']);
	assert.deepEqual(await methods.listSearch.searchChats.call(fns, 'bob', 'p2'), { results: [{ name: 'A', value: 'a' }], paginationToken: 'next' });
	await methods.listSearch.searchGroups.call(fns);
	await methods.loadOptions.getDevices.call(fns);
	assert.deepEqual(calls, [
		['listSearch', fns, 'searchChats', 'bob', 'p2'],
		['listSearch', fns, 'searchGroups', undefined, undefined],
		['loadOptions', fns, 'getDevices'],
	]);
});

test("a search page as n8n's list-search result: values as text, descriptions kept, the token passed on", () => {
	assert.deepEqual(
		toListSearchResult({
			results: [{ name: 'Bob', value: '"1@c.us"', description: 'a chat' }, { name: 'Seven', value: '7' }],
			paginationToken: 'page-2',
		}),
		{ results: [{ name: 'Bob', value: '1@c.us', description: 'a chat' }, { name: 'Seven', value: '7' }], paginationToken: 'page-2' },
	);
	assert.deepEqual(toListSearchResult({ results: [] }), { results: [], paginationToken: undefined });
});
