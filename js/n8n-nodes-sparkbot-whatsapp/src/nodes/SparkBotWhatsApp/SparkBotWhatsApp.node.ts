import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { readdirSync } from 'node:fs';
import { toNodeTypeDescription } from '../../description';
import { componentDescription, execute, loadOptions } from '../../run';

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

/** One n8n load-options method for each that the component's properties name. */
function loadOptionsMethods(): Record<string, LoadOptionsMethod> {
	const methods: Record<string, LoadOptionsMethod> = {};
	for (const p of componentDescription().properties) {
		const method = p.typeOptions?.loadOptionsMethod;
		if (method !== undefined) {
			methods[method] = function (this: ILoadOptionsFunctions) {
				return loadOptions.call(this, method);
			};
		}
	}
	return methods;
}

/** SparkBot WhatsApp: the sparkbot-whatsapp component as an n8n node. */
export class SparkBotWhatsApp implements INodeType {
	// The icon describe() names is shipped in this folder (build.mjs copies assets/ here).
	description: INodeTypeDescription = toNodeTypeDescription(componentDescription(), { files: readdirSync(__dirname) });

	methods = { loadOptions: loadOptionsMethods() };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return execute.call(this);
	}
}
