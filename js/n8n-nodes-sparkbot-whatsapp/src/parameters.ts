// Which parameters a host passes for an item: the top-level fields whose
// display options hold for that item's values (a field without display
// options always), each once, whatever number of operations share its name.
// The component refuses a parameter its operation does not have, so a field
// of another operation must not reach it. A resource locator passes its
// plain value, never n8n's `{__rl, mode, value}` wrapper. Pure: the values
// are read through the function it is given (n8n's getNodeParameter).
import type { Property } from './component';
import { shownWhen, type Holds } from './display';

/** Reads one top-level field for the item: n8n's `getNodeParameter(name, i, fallback, {extractValue})`. */
export type ReadField = (name: string, fallback: unknown, options: { extractValue: boolean }) => unknown;

/** One of possibly several top-level fields of a name (each shown for its own operations). */
interface Variant {
	shown: Holds;
	fallback: unknown;
	locator: boolean;
}

/** A resource locator's value as the node gets it: the plain value out of n8n's `{mode, value}`. */
export function plainLocatorValue(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'mode' in value && 'value' in value) {
		return (value as { value: unknown }).value;
	}
	return value;
}

/** The top-level fields of a description, compiled once; `forItem` picks an item's parameters. */
export class ParameterPlan {
	private readonly fields = new Map<string, Variant[]>();

	constructor(properties: readonly Property[]) {
		for (const p of properties) {
			if (p.parent !== undefined || p.type === 'notice') continue;
			const locator = p.type === 'resource-locator';
			const parsed = JSON.parse(p.default) as unknown;
			const variant: Variant = { shown: shownWhen(p.displayOptions), fallback: locator ? (plainLocatorValue(parsed) ?? '') : parsed, locator };
			const variants = this.fields.get(p.name);
			if (variants) variants.push(variant);
			else this.fields.set(p.name, [variant]);
		}
	}

	/** The form's current values (load-options, list-search) with each resource locator as its plain value. */
	withPlainLocators(current: Readonly<Record<string, unknown>>): Record<string, unknown> {
		const out: Record<string, unknown> = { ...current };
		for (const [name, variants] of this.fields) {
			if (variants.some((v) => v.locator) && name in out) out[name] = plainLocatorValue(out[name]);
		}
		return out;
	}

	/**
	 * The item's parameters: each field shown for the item's own values, read
	 * by `read`. A condition's property (typically `resource`, `operation`) is
	 * read first, when a condition needs it; a hidden field counts as unset.
	 */
	forItem(read: ReadField): Record<string, unknown> {
		const known = new Map<string, { shown: boolean; value?: unknown }>();
		const pending = new Set<string>();
		const lookup = (name: string): { shown: boolean; value?: unknown } => {
			const done = known.get(name);
			if (done) return done;
			const variants = this.fields.get(name);
			// Not a field, or display options that go round in a circle: unset.
			if (!variants || pending.has(name)) return { shown: false };
			pending.add(name);
			const variant = variants.find((v) => v.shown(valueOf));
			pending.delete(name);
			let entry: { shown: boolean; value?: unknown } = { shown: false };
			if (variant) {
				const value = read(name, variant.fallback, { extractValue: variant.locator });
				entry = { shown: true, value: variant.locator ? plainLocatorValue(value) : value };
			}
			known.set(name, entry);
			return entry;
		};
		const valueOf = (name: string) => lookup(name).value;
		const out: Record<string, unknown> = {};
		for (const name of this.fields.keys()) {
			const entry = lookup(name);
			if (entry.shown) out[name] = entry.value;
		}
		return out;
	}
}
