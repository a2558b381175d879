import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { toCredentialType } from '../description';
import { componentDescription, CREDENTIAL_TYPE } from '../run';

const fields = toCredentialType(componentDescription(), CREDENTIAL_TYPE);

/** The SparkBot API credential, as the component describes it. */
export class SparkBotApi implements ICredentialType {
	name = fields.name;
	displayName = fields.displayName;
	documentationUrl = fields.documentationUrl ?? '';
	properties: INodeProperties[] = fields.properties;
	// Only for n8n's own "Test credential" request: the SparkBot API reads
	// the key from the Token header (sparkbot-api.md). The node itself never
	// uses this: the component sets the header.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Token: '={{$credentials.apiKey}}' } },
	};
	test: ICredentialTestRequest | undefined = fields.test;
}
