import { join } from 'node:path';
import { WorkflowCredential } from '../n8n-node';

/** The SparkBot API credential, as the sparkbot-whatsapp component describes it. */
export class SparkBotApi extends WorkflowCredential {
	constructor() {
		super(join(__dirname, '..', '..', 'component'), __dirname);
	}
}
