// The n8n classes for a workflow:node component: a node type and its
// credential type, built from the component's describe() through the one
// converter (description.ts). A package for a component subclasses each
// with the component's folder and the folder its icon is shipped in; n8n
// loads those subclasses like any node and credential.
import { readdirSync } from 'node:fs';
import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	Icon,
} from 'n8n-workflow';
import { toCredentialType, toIcon, toNodeTypeDescription } from './description';
import type { NodeDescription } from './component';
import { nodeRuntime, type NodeRuntime } from './run';

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;
type ListSearchMethod = (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>;

/** The node's form methods: what n8n calls to fill dropdowns and searchable lists. */
export interface FormMethods {
	loadOptions: Record<string, LoadOptionsMethod>;
	listSearch: Record<string, ListSearchMethod>;
}

/**
 * One n8n load-options method for each that the properties name, and one
 * list-search method for each that a resource locator's modes name, each
 * calling the component through `runtime`.
 */
export function formMethods(d: NodeDescription, runtime: Pick<NodeRuntime, 'loadOptions' | 'listSearch'>): FormMethods {
	const methods: FormMethods = { loadOptions: {}, listSearch: {} };
	for (const p of d.properties) {
		const load = p.typeOptions?.loadOptionsMethod;
		if (load !== undefined) {
			methods.loadOptions[load] = function (this: ILoadOptionsFunctions) {
				return runtime.loadOptions(this, load);
			};
		}
		for (const mode of p.typeOptions?.locatorModes ?? []) {
			const search = mode.searchMethod;
			if (search === undefined) continue;
			methods.listSearch[search] = function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
				return runtime.listSearch(this, search, filter, paginationToken);
			};
		}
	}
	return methods;
}

/** A workflow:node component as an n8n node type. */
export class WorkflowNode implements INodeType {
	description: INodeTypeDescription;
	methods: FormMethods;
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** The component in `componentDir`; its icon files (named by describe()) in `assetsDir`. */
	constructor(componentDir: string, assetsDir: string) {
		const runtime = nodeRuntime(componentDir);
		this.description = toNodeTypeDescription(runtime.description(), { files: readdirSync(assetsDir) });
		this.methods = formMethods(runtime.description(), runtime);
		// n8n calls execute with its functions as `this`, not the node.
		this.execute = function (this: IExecuteFunctions) {
			return runtime.execute(this);
		};
	}
}

/** The credential type a workflow:node component names first, as an n8n credential type. */
export class WorkflowCredential implements ICredentialType {
	name: string;
	displayName: string;
	documentationUrl: string;
	properties: INodeProperties[];
	authenticate: IAuthenticateGeneric | undefined;
	test: ICredentialTestRequest | undefined;
	icon: Icon | undefined;

	/** The component in `componentDir`; its icon files in `assetsDir`. */
	constructor(componentDir: string, assetsDir: string) {
		const runtime = nodeRuntime(componentDir);
		// The form, `authenticate` (the secrets as the headers the credential
		// names: n8n adds them to the node's requests, to "Test credential" and
		// to the HTTP Request node's predefined credential type) and the test request.
		const fields = toCredentialType(runtime.description(), runtime.credentialTypeName());
		this.name = fields.name;
		this.displayName = fields.displayName;
		this.documentationUrl = fields.documentationUrl ?? '';
		this.properties = fields.properties;
		this.authenticate = fields.authenticate;
		this.test = fields.test;
		this.icon = toIcon(runtime.description(), { files: readdirSync(assetsDir) }) as Icon | undefined;
	}
}
