import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { toNodeTypeDescription } from '../../description';
import { componentDescription, execute, loadOptions } from '../../run';

/** SparkBot WhatsApp: the sparkbot-whatsapp component as an n8n node. */
export class SparkBotWhatsApp implements INodeType {
	description: INodeTypeDescription = toNodeTypeDescription(componentDescription());

	methods = {
		loadOptions: {
			async getDevices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return loadOptions.call(this, 'getDevices');
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return execute.call(this);
	}
}
