// A component is run only at the contract version this host speaks: its
// `workflow:node/node@<version>` export, found by name (host/instantiate.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTRACT_EXPORT, instantiateNode, type Instantiate } from '../host/instantiate';

const node = { describe: () => ({}) };
const exporting = (root: Record<string, unknown>): Instantiate => () => root;

test('the export of this contract version is the node; another version is refused by name', () => {
	assert.equal(CONTRACT_EXPORT, 'workflow:node/node@0.3.0');
	assert.equal(instantiateNode(exporting({ node, [CONTRACT_EXPORT]: node }), {}, {}).node, node);
	assert.throws(
		() => instantiateNode(exporting({ node, 'workflow:node/node@0.2.0': node }), {}, {}),
		/exports workflow:node\/node@0\.2\.0; this host runs workflow:node\/node@0\.3\.0/,
	);
	assert.throws(() => instantiateNode(exporting({ other: node }), {}, {}), /exports no workflow:node\/node@0\.3\.0 interface/);
});
