import { readdirSync } from 'node:fs';
import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { toCredentialType, toNodeTypeDescription } from '../description';
import { componentDescription, credentialTypeName } from '../run';

// Everything from the component's own description of its credential type,
// through the one converter (description.ts): the form, `authenticate` (the
// secrets as the headers it names, for n8n's own requests: "Test credential"
// and the HTTP Request node's predefined credential type) and the test request.
// The node itself never uses `authenticate`: its host layer sets the headers.
const fields = toCredentialType(componentDescription(), credentialTypeName());

/** The node's credential type, as the component describes it. */
export class SparkBotApi implements ICredentialType {
	name = fields.name;
	displayName = fields.displayName;
	documentationUrl = fields.documentationUrl ?? '';
	properties: INodeProperties[] = fields.properties;
	authenticate: IAuthenticateGeneric | undefined = fields.authenticate;
	test: ICredentialTestRequest | undefined = fields.test;
	// The node's icon (build.mjs ships assets/ in this folder too), so the credential form shows it.
	icon = toNodeTypeDescription(componentDescription(), { files: readdirSync(__dirname) }).icon as Icon | undefined;
}
