// The one place where the component's describe() becomes n8n's shapes:
// INodeTypeDescription for the node, ICredentialType fields for the credential.
// Pure functions, tested in test/description.test.ts against the real component
// and in test/description-types.test.ts on hand-made descriptions.
import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	IHttpRequestMethods,
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
	IDisplayOptions,
	INodePropertyCollection,
	INodePropertyMode,
	INodePropertyTypeOptions,
	NodeParameterValue,
	NodePropertyTypes,
	NodeConnectionType,
	NodeDefaults,
} from 'n8n-workflow';
import type {
	CredentialType,
	DisplayOptions,
	LocatorMode,
	NodeDescription,
	OptionValue,
	Property,
	PropertyType,
	TypeOptions,
} from './component';
import { credentialModel, type CredentialModel } from './host/credentials';

/** A description the converter cannot express in n8n's terms. */
export class DescriptionError extends Error {}

const PROPERTY_TYPES: Record<PropertyType, NodePropertyTypes> = {
	string: 'string',
	number: 'number',
	boolean: 'boolean',
	options: 'options',
	'multi-options': 'multiOptions',
	collection: 'collection',
	json: 'json',
	notice: 'notice',
	'fixed-collection': 'fixedCollection',
	'date-time': 'dateTime',
	'resource-locator': 'resourceLocator',
};

/** Property types whose children name them as `parent`. */
const PARENT_TYPES: readonly PropertyType[] = ['collection', 'fixed-collection'];

const GROUPS = ['input', 'output', 'organization', 'schedule', 'transform', 'trigger'] as const;
type Group = (typeof GROUPS)[number];
const CONNECTIONS: Record<string, NodeConnectionType> = { main: 'main' };

function parseJson(text: string, where: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		throw new DescriptionError(`${where}: not JSON: ${text.slice(0, 80)}`);
	}
}

function optionValue(option: OptionValue, where: string): INodePropertyOptions {
	const value = parseJson(option.value, `${where} option "${option.name}"`);
	if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
		throw new DescriptionError(`${where} option "${option.name}": value must be a string, number or boolean`);
	}
	const out: INodePropertyOptions = { name: option.name, value };
	if (option.description !== undefined) out.description = option.description;
	if (option.action !== undefined) out.action = option.action;
	return out;
}

function conditions(list: DisplayOptions['show'], where: string) {
	const out: Record<string, NodeParameterValue[]> = {};
	for (const condition of list) {
		out[condition.property] = condition.values.map(
			(value) => parseJson(value, `${where} displayOptions.${condition.property}`) as NodeParameterValue,
		);
	}
	return out;
}

function displayOptions(options: DisplayOptions, where: string): IDisplayOptions | undefined {
	const out: IDisplayOptions = {};
	if (options.show.length > 0) out.show = conditions(options.show, where);
	if (options.hide.length > 0) out.hide = conditions(options.hide, where);
	return out.show || out.hide ? out : undefined;
}

function typeOptions(options: TypeOptions): INodePropertyTypeOptions | undefined {
	const out: INodePropertyTypeOptions = {};
	if (options.password) out.password = true;
	if (options.rows !== undefined) out.rows = options.rows;
	if (options.minValue !== undefined) out.minValue = options.minValue;
	if (options.maxValue !== undefined) out.maxValue = options.maxValue;
	if (options.numberPrecision !== undefined) out.numberPrecision = options.numberPrecision;
	if (options.loadOptionsMethod !== undefined) out.loadOptionsMethod = options.loadOptionsMethod;
	if (options.loadOptionsDependsOn.length > 0) out.loadOptionsDependsOn = options.loadOptionsDependsOn;
	if (options.multipleValues) out.multipleValues = true;
	// locator-modes become the property's `modes` (locatorModes below), not a type option.
	return Object.keys(out).length > 0 ? out : undefined;
}

/** One way of filling a resource locator, as n8n draws it. */
function locatorMode(mode: LocatorMode, where: string): INodePropertyMode {
	const out: INodePropertyMode = { displayName: mode.displayName, name: mode.name, type: mode.name === 'list' ? 'list' : 'string' };
	if (mode.placeholder !== undefined) out.placeholder = mode.placeholder;
	if (mode.name === 'list') {
		if (mode.searchMethod === undefined) throw new DescriptionError(`${where} mode "list": no search-method`);
		out.typeOptions = { searchListMethod: mode.searchMethod, searchable: mode.searchable };
	} else if (mode.pattern !== undefined) {
		try {
			new RegExp(mode.pattern);
		} catch {
			throw new DescriptionError(`${where} mode "${mode.name}": pattern is not a regular expression`);
		}
		// The contract's pattern matches the whole value; n8n tests the regex as given.
		out.validation = [
			{ type: 'regex', properties: { regex: `^(?:${mode.pattern})$`, errorMessage: mode.patternHint ?? `Not a valid ${mode.displayName}` } },
		];
	}
	return out;
}

/** A resource locator's modes, and its default as n8n holds it: `{mode, value}`, the first mode unless the component says otherwise. */
function locator(p: Property, given: unknown, where: string): { modes: INodePropertyMode[]; default: INodeProperties['default'] } {
	const modes = (p.typeOptions?.locatorModes ?? []).map((m) => locatorMode(m, where));
	if (modes.length === 0) throw new DescriptionError(`${where}: a resource-locator needs type-options.locator-modes`);
	if (given === null || given === undefined || typeof given === 'string') return { modes, default: { mode: modes[0].name, value: given ?? '' } };
	const value = given as { mode?: unknown; value?: unknown };
	if (typeof given !== 'object' || Array.isArray(given) || typeof value.mode !== 'string' || typeof value.value !== 'string') {
		throw new DescriptionError(`${where} default: a resource locator's default is text or {mode, value}`);
	}
	if (!modes.some((m) => m.name === value.mode)) throw new DescriptionError(`${where} default: no mode "${value.mode}"`);
	return { modes, default: { mode: value.mode, value: value.value } };
}

/** A fixed collection's groups: each option of the property, with the children of that group. */
function groups(p: Property, children: Property[], build: (child: Property) => INodeProperties, where: string): INodePropertyCollection[] {
	const out = p.options.map((option): INodePropertyCollection => {
		const name = parseJson(option.value, `${where} group "${option.name}"`);
		if (typeof name !== 'string') throw new DescriptionError(`${where} group "${option.name}": its value must be the group's name, as text`);
		return { name, displayName: option.name, values: children.filter((c) => c.group === name).map(build) };
	});
	for (const child of children) {
		if (!out.some((g) => g.name === child.group)) throw new DescriptionError(`property "${child.name}": ${where} has no group "${child.group ?? ''}"`);
	}
	return out;
}

function property(p: Property, children: Property[], build: (child: Property) => INodeProperties): INodeProperties {
	const where = `property "${p.name}"`;
	const type = PROPERTY_TYPES[p.type];
	if (type === undefined) throw new DescriptionError(`${where}: unknown type ${p.type}`);
	const given = parseJson(p.default, `${where} default`);
	const out: INodeProperties = { displayName: p.displayName, name: p.name, type, default: given as INodeProperties['default'] };
	if (p.required) out.required = true;
	if (p.noDataExpression) out.noDataExpression = true;
	if (p.description !== undefined) out.description = p.description;
	if (p.hint !== undefined) out.hint = p.hint;
	if (p.placeholder !== undefined) out.placeholder = p.placeholder;
	const shown = p.displayOptions && displayOptions(p.displayOptions, where);
	if (shown) out.displayOptions = shown;
	const hints = p.typeOptions && typeOptions(p.typeOptions);
	if (hints) out.typeOptions = hints;
	if (p.type === 'collection') {
		out.options = children.map(build);
	} else if (p.type === 'fixed-collection') {
		out.options = groups(p, children, build, where);
	} else if (children.length > 0) {
		throw new DescriptionError(`${where}: only a collection or a fixed-collection can have children`);
	} else if (p.options.length > 0) {
		out.options = p.options.map((option) => optionValue(option, where));
	}
	if (p.type === 'resource-locator') Object.assign(out, locator(p, given, where));
	return out;
}

/** The display options of `p` as comparable text ('' when none). */
function shownWhen(p: Property): string {
	return JSON.stringify(p.displayOptions ?? null);
}

/**
 * Whether `child` belongs under the collection or fixed collection `parent`:
 * it names it, and it either has no display options or the same ones
 * (several operations may each have an `options` collection; each child
 * carries its collection's rules).
 */
function belongsTo(child: Property, parent: Property): boolean {
	return (
		child.parent === parent.name &&
		PARENT_TYPES.includes(parent.type) &&
		(child.displayOptions === undefined || shownWhen(child) === shownWhen(parent))
	);
}

/** Converts a flat property list (children naming their `parent`) to n8n's nested one. */
export function toNodeProperties(properties: Property[]): INodeProperties[] {
	const seen = new Set<string>();
	for (const p of properties) {
		if (p.parent !== undefined && !properties.some((q) => belongsTo(p, q))) {
			throw new DescriptionError(`property "${p.name}": parent "${p.parent}" is not a collection`);
		}
		// A group only places a fixed collection's child.
		if (p.group !== undefined && !properties.some((q) => q.type === 'fixed-collection' && belongsTo(p, q))) {
			throw new DescriptionError(`property "${p.name}": group "${p.group}" but no fixed-collection parent`);
		}
		// Two siblings of one name shown at the same time would make
		// getNodeParameter ambiguous; n8n allows one name per set of display options.
		const key = `${p.parent ?? ''}/${p.group ?? ''}/${p.name}/${shownWhen(p)}`;
		if (seen.has(key)) throw new DescriptionError(`property "${p.name}" is listed twice`);
		seen.add(key);
	}
	// Inside a collection n8n shows every option the collection has: the
	// child's rules were only there to find its collection (and its own
	// children: a fixed collection inside a collection finds its fields by them).
	const build = (p: Property, nested: boolean): INodeProperties =>
		property(
			nested ? { ...p, displayOptions: undefined } : p,
			properties.filter((child) => belongsTo(child, p)),
			(child) => build(child, true),
		);
	return properties.filter((p) => p.parent === undefined).map((p) => build(p, false));
}

/** What the converter needs to know about the package beside the node. */
export interface ConvertOptions {
	/**
	 * The files shipped in the node's folder. A `file:` icon must be one of
	 * them; `<stem>.dark.svg` beside `<stem>.svg` becomes the dark-theme icon.
	 * Undefined: file icons are passed on unchecked.
	 */
	files?: readonly string[];
}

/** A `file:` icon as n8n takes it: one file, or light and dark when the dark variant is shipped. */
function icon(name: string, files: readonly string[] | undefined): INodeTypeDescription['icon'] {
	if (!name.startsWith('file:') || files === undefined) return name as INodeTypeDescription['icon'];
	const file = name.slice('file:'.length);
	if (!files.includes(file)) throw new DescriptionError(`icon "${name}": the package ships no ${file}`);
	const dark = file.replace(/\.svg$/, '.dark.svg');
	if (dark !== file && files.includes(dark)) return { light: `file:${file}`, dark: `file:${dark}` } as INodeTypeDescription['icon'];
	return name as INodeTypeDescription['icon'];
}

/** The icon describe() names, as n8n takes it (undefined: none); for the node and its credential. */
export function toIcon(d: NodeDescription, options: ConvertOptions = {}): INodeTypeDescription['icon'] | undefined {
	if (d.icon === undefined) return undefined;
	if (!/^(fa|file):/.test(d.icon)) throw new DescriptionError(`icon "${d.icon}" is not fa:… or file:…`);
	return icon(d.icon, options.files);
}

/** The component's describe() as n8n's INodeTypeDescription. */
export function toNodeTypeDescription(d: NodeDescription, options: ConvertOptions = {}): INodeTypeDescription {
	for (const group of d.group) {
		if (!(GROUPS as readonly string[]).includes(group)) throw new DescriptionError(`unknown group "${group}"`);
	}
	const connection = (name: string) => {
		const type = CONNECTIONS[name];
		if (!type) throw new DescriptionError(`unknown connection "${name}"`);
		return type;
	};
	const nodeIcon = toIcon(d, options);
	const description: INodeTypeDescription = {
		displayName: d.displayName,
		name: d.name,
		group: d.group as Group[],
		version: d.version,
		description: d.description,
		defaults: { name: d.defaults.name } as NodeDefaults,
		inputs: d.inputs.map(connection),
		outputs: d.outputs.map(connection),
		credentials: d.credentials.map((c) => ({ name: c.name, required: c.required })),
		properties: toNodeProperties(d.properties),
	};
	if (d.subtitle !== undefined) description.subtitle = d.subtitle;
	if (nodeIcon !== undefined) description.icon = nodeIcon;
	if (d.documentationUrl !== undefined) description.documentationUrl = d.documentationUrl;
	if (d.usableAsTool) description.usableAsTool = true;
	return description;
}

/** The fields of n8n's ICredentialType that a credential type of the component gives. */
export interface CredentialFields {
	name: string;
	displayName: string;
	documentationUrl?: string;
	properties: INodeProperties[];
	/** How n8n puts the secrets on its own requests (the credential test, the HTTP Request node). */
	authenticate?: IAuthenticateGeneric;
	test?: ICredentialTestRequest;
}

/** A credential field name n8n can read in an expression as `$credentials.<name>`. */
const EXPRESSION_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * One of the component's credential types in n8n's terms: its form (secret
 * fields masked as passwords), `authenticate` (each secret as the header
 * the credential type names, for n8n's own requests: the credential test
 * and the HTTP Request node's predefined credential type), and the test
 * request, relative to the credential's own base-URL field.
 */
export function toCredentialType(d: NodeDescription, name: string): CredentialFields {
	const type: CredentialType | undefined = d.credentialTypes.find((t) => t.name === name);
	if (!type) throw new DescriptionError(`the component describes no credential type "${name}"`);
	let model: CredentialModel;
	try {
		model = credentialModel(type);
	} catch (error) {
		throw new DescriptionError((error as Error).message);
	}
	const secret = new Set(model.secrets.map((s) => s.field));
	const properties = toNodeProperties(
		type.properties.map((p) =>
			secret.has(p.name) ? { ...p, typeOptions: { ...(p.typeOptions ?? EMPTY_TYPE_OPTIONS), password: true } } : p,
		),
	);
	const out: CredentialFields = { name: type.name, displayName: type.displayName, properties };
	if (type.documentationUrl !== undefined) out.documentationUrl = type.documentationUrl;
	const expressionName = (field: string) => {
		if (!EXPRESSION_NAME.test(field)) throw new DescriptionError(`credential type "${name}": field "${field}" cannot be read in an n8n expression`);
		return field;
	};
	if (model.secrets.length > 0) {
		const headers: Record<string, string> = {};
		for (const s of model.secrets) {
			// The prefix is literal text before the expression; braces would start one.
			if (/[{}]/.test(s.header.prefix)) throw new DescriptionError(`credential type "${name}": the prefix of "${s.header.name}" holds { or }`);
			headers[s.header.name] = `=${s.header.prefix}{{$credentials.${expressionName(s.field)}}}`;
		}
		out.authenticate = { type: 'generic', properties: { headers } };
	}
	if (type.test) {
		const method = type.test.method.toUpperCase();
		if (!HTTP_METHODS.includes(method as IHttpRequestMethods)) {
			throw new DescriptionError(`credential type "${name}": test method "${type.test.method}" is not one n8n sends`);
		}
		out.test = {
			request: {
				baseURL: `={{$credentials.${expressionName(model.baseUrlField)}}}`,
				url: type.test.path,
				method: method as IHttpRequestMethods,
			},
		};
	}
	return out;
}

const HTTP_METHODS: readonly IHttpRequestMethods[] = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
const EMPTY_TYPE_OPTIONS: TypeOptions = { password: false, loadOptionsDependsOn: [], multipleValues: false, locatorModes: [] };
