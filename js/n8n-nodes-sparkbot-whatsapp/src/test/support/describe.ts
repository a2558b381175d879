// Hand-made workflow:node records for tests that need no component: a
// property with every optional part empty, display conditions from values,
// a description around a list of properties.
import type { DisplayCondition, LocatorMode, NodeDescription, Property, TypeOptions } from '../../component';

export function prop(name: string, extra: Partial<Property> = {}): Property {
	return { name, displayName: name, type: 'string', default: '""', required: false, options: [], noDataExpression: false, ...extra };
}

/** `property` is one of `values` (given as JS values, held as JSON texts). */
export function when(property: string, ...values: unknown[]): DisplayCondition {
	return { property, values: values.map((v) => JSON.stringify(v)) };
}

export function typeOptions(extra: Partial<TypeOptions> = {}): TypeOptions {
	return { password: false, loadOptionsDependsOn: [], multipleValues: false, locatorModes: [], ...extra };
}

export function mode(name: string, extra: Partial<LocatorMode> = {}): LocatorMode {
	return { name, displayName: name, searchable: false, ...extra };
}

export function describing(properties: Property[], extra: Partial<NodeDescription> = {}): NodeDescription {
	return {
		name: 'demo', displayName: 'Demo', description: '', version: 1, group: ['transform'], defaults: { name: 'Demo' },
		inputs: ['main'], outputs: ['main'], credentials: [], credentialTypes: [], properties,
		usableAsTool: false, itemBudgetMs: 30_000n, timeBudgets: [], ...extra,
	};
}
