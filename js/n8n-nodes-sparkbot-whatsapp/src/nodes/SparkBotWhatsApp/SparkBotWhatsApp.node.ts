import { join } from 'node:path';
import { WorkflowNode } from '../../n8n-node';

/** SparkBot WhatsApp: the sparkbot-whatsapp component (shipped in the package's component/ folder) as an n8n node. */
export class SparkBotWhatsApp extends WorkflowNode {
	constructor() {
		super(join(__dirname, '..', '..', '..', 'component'), __dirname);
	}
}
