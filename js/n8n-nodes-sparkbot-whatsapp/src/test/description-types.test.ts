// The converter (description.ts) on hand-made descriptions of contract 0.3:
// fixed collections, date-time, resource locators, the AI-tool flag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { INodeProperties, INodePropertyCollection, INodePropertyMode } from 'n8n-workflow';
import { DescriptionError, toNodeTypeDescription } from '../description';
import { describing, mode, prop, typeOptions, when } from './support/describe';

const convert = (...properties: Parameters<typeof describing>[0]) => toNodeTypeDescription(describing(properties)).properties;

test('fixed-collection: one n8n option per group, each with the children of that group, multipleValues and the default as given', () => {
	const shown = { show: [when('operation', 'send')], hide: [] };
	const [fc] = convert(
		prop('buttons', {
			type: 'fixed-collection', default: '{"button":[]}', displayOptions: shown,
			options: [{ name: 'Button', value: '"button"' }, { name: 'Link', value: '"link"' }],
			typeOptions: typeOptions({ multipleValues: true }),
		}),
		prop('text', { parent: 'buttons', group: 'button' }),
		prop('id', { parent: 'buttons', group: 'button', displayOptions: shown }),
		prop('url', { parent: 'buttons', group: 'link', type: 'number', default: '0' }),
	);
	assert.equal(fc.type, 'fixedCollection');
	assert.deepEqual(fc.default, { button: [] });
	assert.deepEqual(fc.typeOptions, { multipleValues: true });
	const groups = fc.options as INodePropertyCollection[];
	assert.deepEqual(groups.map((g) => [g.name, g.displayName, g.values.map((v) => [v.name, v.type, v.displayOptions])]), [
		['button', 'Button', [['text', 'string', undefined], ['id', 'string', undefined]]],
		['link', 'Link', [['url', 'number', undefined]]],
	]);
	// Without multiple-values, n8n's typeOptions stay unset.
	const [single] = convert(prop('one', { type: 'fixed-collection', default: '{}', options: [{ name: 'G', value: '"g"' }] }), prop('a', { parent: 'one', group: 'g' }));
	assert.equal(single.typeOptions, undefined);
});

test('a fixed collection inside a collection keeps its own fields: two operations, each with options holding a fixed collection of one name', () => {
	// As describe() gives them: each field carries its parent's display options.
	const of = (op: string) => ({ show: [when('operation', op)], hide: [] });
	const parts = (op: string, field: string) => [
		prop('options', { type: 'collection', default: '{}', displayOptions: of(op) }),
		prop('metadata', {
			parent: 'options', type: 'fixed-collection', default: '{}', displayOptions: of(op),
			options: [{ name: 'Metadata', value: '"metadataValues"' }], typeOptions: typeOptions({ multipleValues: true }),
		}),
		prop(field, { parent: 'metadata', group: 'metadataValues', displayOptions: of(op) }),
		prop('value', { parent: 'metadata', group: 'metadataValues', displayOptions: of(op) }),
	];
	const [create, update] = convert(...parts('create', 'key'), ...parts('update', 'name'));
	const fieldsOf = (collection: INodeProperties) => {
		const [metadata] = collection.options as INodeProperties[];
		assert.equal(metadata.displayOptions, undefined, 'inside its collection a field has no display options');
		return (metadata.options as INodePropertyCollection[]).map((g) => [g.name, g.values.map((v) => [v.name, v.displayOptions])]);
	};
	assert.deepEqual(fieldsOf(create), [['metadataValues', [['key', undefined], ['value', undefined]]]]);
	assert.deepEqual(fieldsOf(update), [['metadataValues', [['name', undefined], ['value', undefined]]]]);
});

test('fixed-collection children that place nowhere are refused, naming the field', () => {
	const fc = prop('fc', { type: 'fixed-collection', default: '{}', options: [{ name: 'G', value: '"g"' }] });
	assert.throws(() => convert(fc, prop('a', { parent: 'fc', group: 'other' })), /property "a": property "fc" has no group "other"/);
	assert.throws(() => convert(fc, prop('a', { parent: 'fc' })), /property "a": property "fc" has no group ""/);
	assert.throws(() => convert(prop('c', { type: 'collection', default: '{}' }), prop('a', { parent: 'c', group: 'g' })), /group "g" but no fixed-collection parent/);
	assert.throws(() => convert(prop('fc', { ...fc, options: [{ name: 'G', value: '1' }] })), /its value must be the group's name/);
	assert.throws(() => convert(prop('s'), prop('a', { parent: 's' })), /parent "s" is not a collection/);
});

test('date-time becomes dateTime, its default as given', () => {
	const [d] = convert(prop('at', { type: 'date-time', default: '"2026-01-02T03:04:05Z"' }));
	assert.equal(d.type, 'dateTime');
	assert.equal(d.default, '2026-01-02T03:04:05Z');
});

const CHAT_MODES = [
	mode('list', { displayName: 'From List', searchMethod: 'searchChats', searchable: true, placeholder: 'Pick a chat' }),
	mode('id', { displayName: 'By ID', placeholder: '4477...@c.us', pattern: '[0-9]+@c\\.us', patternHint: 'A chat ID ends in @c.us' }),
	mode('url', { displayName: 'By URL' }),
];

test('resource-locator: modes (list with its search method, typed ones with placeholder and whole-value validation), default on the first mode', () => {
	const [rl] = convert(prop('chat', { type: 'resource-locator', required: true, typeOptions: typeOptions({ locatorModes: CHAT_MODES }) }));
	assert.equal(rl.type, 'resourceLocator');
	assert.deepEqual(rl.default, { mode: 'list', value: '' });
	assert.equal(rl.typeOptions, undefined, 'the modes are not type options');
	assert.deepEqual(rl.modes as INodePropertyMode[], [
		{ displayName: 'From List', name: 'list', type: 'list', placeholder: 'Pick a chat', typeOptions: { searchListMethod: 'searchChats', searchable: true } },
		{
			displayName: 'By ID', name: 'id', type: 'string', placeholder: '4477...@c.us',
			validation: [{ type: 'regex', properties: { regex: '^(?:[0-9]+@c\\.us)$', errorMessage: 'A chat ID ends in @c.us' } }],
		},
		{ displayName: 'By URL', name: 'url', type: 'string' },
	]);
	const regex = new RegExp(((rl.modes as INodePropertyMode[])[1].validation![0] as unknown as { properties: { regex: string } }).properties.regex);
	assert.ok(regex.test('4477@c.us'));
	assert.ok(!regex.test('x4477@c.us'), 'the pattern holds for the whole value');
});

test("resource-locator: the component's default is kept (text on the first mode, or {mode, value}); bad ones are refused", () => {
	const rl = (d: string, modes = CHAT_MODES) => convert(prop('chat', { type: 'resource-locator', default: d, typeOptions: typeOptions({ locatorModes: modes }) }))[0];
	assert.deepEqual(rl('"123@c.us"').default, { mode: 'list', value: '123@c.us' });
	assert.deepEqual(rl('{"mode":"id","value":"1@c.us"}').default, { mode: 'id', value: '1@c.us' });
	assert.deepEqual(rl('null', [CHAT_MODES[1]]).default, { mode: 'id', value: '' });
	assert.throws(() => rl('{"mode":"nope","value":""}'), /no mode "nope"/);
	assert.throws(() => rl('3'), /text or \{mode, value\}/);
	assert.throws(() => rl('""', []), /needs type-options.locator-modes/);
	assert.throws(() => rl('""', [mode('list')]), /mode "list": no search-method/);
	assert.throws(() => rl('""', [mode('id', { pattern: '(' })]), /pattern is not a regular expression/);
	// No hint: n8n still needs an error message.
	const plainHint = rl('""', [mode('id', { displayName: 'By ID', pattern: 'a+' })]).modes as INodePropertyMode[];
	assert.deepEqual(plainHint[0].validation, [{ type: 'regex', properties: { regex: '^(?:a+)$', errorMessage: 'Not a valid By ID' } }]);
});

test('usable-as-tool becomes usableAsTool: true, and is absent otherwise', () => {
	assert.equal(toNodeTypeDescription(describing([prop('x')], { usableAsTool: true })).usableAsTool, true);
	assert.equal('usableAsTool' in toNodeTypeDescription(describing([prop('x')])), false);
});

test('every 0.3 type converts; an unknown one is refused', () => {
	assert.throws(() => convert(prop('x', { type: 'weird' as never })), (e: unknown) => e instanceof DescriptionError && /unknown type weird/.test((e as Error).message));
	const types = convert(prop('a', { type: 'date-time' }), prop('b', { type: 'fixed-collection', default: '{}' })).map((p: INodeProperties) => p.type);
	assert.deepEqual(types, ['dateTime', 'fixedCollection']);
});
