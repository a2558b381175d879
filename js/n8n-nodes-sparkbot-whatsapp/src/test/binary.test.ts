// Which of an item's files go to the component, and the per-execution cap
// on their bytes (binary.ts): the rule is generic, on the resolved parameters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BinaryBudget, binaryEntry, DEFAULT_MAX_BINARY_MB, knownSize, MAX_BINARY_MB_ENV, maxBinaryBytes, namedBinaryKeys } from '../binary';

test('an entry is passed when a parameter is its name: top level, in a collection, in a fixed collection row, in a multi-options list', () => {
	const available = ['data', 'attachment', 'photo', 'thumb', 'unused'];
	const parameters = {
		resource: 'message',
		binaryPropertyName: 'data',
		options: { file: 'attachment', caption: 'a photo' },
		media: { items: [{ kind: 'image', property: 'photo' }, { kind: 'image', property: 'missing' }], single: { property: 'thumb' } },
		tags: ['x', 'unused'],
		count: 3,
		flag: true,
		none: null,
	};
	assert.deepEqual(namedBinaryKeys(parameters, available), available, "in the item's order");
	assert.deepEqual(namedBinaryKeys({ options: { caption: 'data ' } }, available), [], 'the whole string, exactly');
	assert.deepEqual(namedBinaryKeys({ n: 1, b: false, o: {} }, available), []);
	assert.deepEqual(namedBinaryKeys({ a: 'DATA' }, available), [], 'names are case-sensitive, as n8n keys');
	// Nesting deeper than a form's fields go (a fixed collection in a collection) is not searched.
	assert.deepEqual(namedBinaryKeys({ a: { b: { c: { d: { e: { f: { g: 'data' } } } } } } }, available), []);
});

test('the cap counts every file of the execution; a refused file takes nothing; the message names the entry, its size, the cap and the variable', () => {
	const budget = new BinaryBudget(1000);
	assert.equal(budget.take('a', 600), undefined);
	const over = budget.take('b', 500);
	assert.equal(over?.kind, 'invalid-parameter');
	assert.match(over!.message, /'b' is 500 bytes: with the 600 bytes of files already passed in this execution, that is over the cap .*1000 bytes, WORKFLOW_NODE_MAX_BINARY_MB/);
	assert.match(over!.description!, /Raise WORKFLOW_NODE_MAX_BINARY_MB \(in MiB, default 64\)/);
	assert.equal(budget.used, 600);
	assert.equal(budget.take('c', 400), undefined, 'a file that fits after a refused one');
	assert.equal(budget.used, 1000);
	const alone = new BinaryBudget(1024 * 1024).refusal('huge', 3 * 1024 * 1024);
	assert.match(alone!.message, /'huge' is 3\.0 MiB \(3145728 bytes\): over the cap on the files one execution may pass to the node \(1\.0 MiB \(1048576 bytes\), WORKFLOW_NODE_MAX_BINARY_MB\)/);
});

test('the cap comes from WORKFLOW_NODE_MAX_BINARY_MB in MiB, 64 by default; nonsense is the default', () => {
	const saved = process.env[MAX_BINARY_MB_ENV];
	try {
		delete process.env[MAX_BINARY_MB_ENV];
		assert.equal(maxBinaryBytes(), DEFAULT_MAX_BINARY_MB * 1024 * 1024);
		process.env[MAX_BINARY_MB_ENV] = '2';
		assert.equal(maxBinaryBytes(), 2 * 1024 * 1024);
		for (const bad of ['0', '-1', 'lots']) {
			process.env[MAX_BINARY_MB_ENV] = bad;
			assert.equal(maxBinaryBytes(), 64 * 1024 * 1024, bad);
		}
	} finally {
		if (saved === undefined) delete process.env[MAX_BINARY_MB_ENV];
		else process.env[MAX_BINARY_MB_ENV] = saved;
	}
});

test("a file's size before reading: n8n's bytes, or its in-memory base64; unknown for a stored file", () => {
	assert.equal(knownSize({ bytes: 12, data: 'AAAA' }), 12);
	assert.equal(knownSize({ data: Buffer.alloc(1001).toString('base64') }), 1001);
	assert.equal(knownSize({ data: 'filesystem-v2', id: 'filesystem-v2:workflows/1/x' }), undefined);
});

test("the contract's entry: the bytes as their own buffer (a pooled Buffer's neighbours are not sent), n8n's names", () => {
	const pool = Buffer.from('xxhelloyy');
	const view = pool.subarray(2, 7);
	const entry = binaryEntry('doc', view, { mimeType: 'text/plain', fileName: 'a.txt', fileExtension: 'txt' });
	assert.deepEqual(Buffer.from(entry.data).toString(), 'hello');
	assert.equal(entry.data.buffer.byteLength, 5);
	assert.deepEqual([entry.key, entry.mimeType, entry.fileName, entry.fileExtension], ['doc', 'text/plain', 'a.txt', 'txt']);
	const bare = binaryEntry('raw', new Uint8Array([1]), {});
	assert.deepEqual([bare.mimeType, 'fileName' in bare, 'fileExtension' in bare], ['application/octet-stream', false, false]);
});
