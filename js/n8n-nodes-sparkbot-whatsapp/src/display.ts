// Whether display conditions hold for an item's parameter values: n8n's own
// rule (NodeHelpers.displayParameter), for a host that decides from the
// description alone which fields an item passes and which time budget it
// gets. Condition values are JSON texts, parsed once. Pure.
import type { DisplayCondition, DisplayOptions } from './component';
import { DescriptionError } from './description';

/** A parameter's value by name; undefined when it is unset or not a field of the item. */
export type ValueOf = (name: string) => unknown;

/** A compiled test over an item's parameter values. */
export type Holds = (valueOf: ValueOf) => boolean;

function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Whether the condition's property has one of its values. A list value
 * (multi-options) matches when any of its entries does, as in n8n.
 */
function condition(c: DisplayCondition): Holds {
	const wanted = c.values.map((text) => {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			throw new DescriptionError(`display condition on "${c.property}": not JSON: ${text.slice(0, 80)}`);
		}
	});
	return (valueOf) => {
		const value = valueOf(c.property);
		const values = Array.isArray(value) ? (value as unknown[]) : [value];
		return values.some((v) => wanted.some((w) => sameJson(v, w)));
	};
}

/** Every condition holds (no conditions: always). */
export function allHold(conditions: readonly DisplayCondition[]): Holds {
	const tests = conditions.map(condition);
	return (valueOf) => tests.every((t) => t(valueOf));
}

/** A field is shown when every `show` condition holds and no `hide` condition does; without display options, always. */
export function shownWhen(options: DisplayOptions | undefined): Holds {
	if (!options) return () => true;
	const show = allHold(options.show);
	const hide = options.hide.map(condition);
	return (valueOf) => show(valueOf) && !hide.some((t) => t(valueOf));
}
