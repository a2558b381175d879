// The deadline of an execute call, from what the node declares
// (node-description.time-budgets and item-budget-ms): each item's budget is
// the first time budget whose `when` holds on its parameters (its
// `parameter`, a dotted path into them, when that is a positive number,
// else its `default-ms`; plus `extra-ms`), or `item-budget-ms` when none
// matches. The call gets the sum, capped by the host. Pure.
import type { NodeDescription } from './component';
import { allHold, type Holds } from './display';

/** The host's cap on a call's deadline, in milliseconds (default 15 minutes). */
export const MAX_CALL_MS_ENV = 'WORKFLOW_NODE_MAX_CALL_MS';
export const DEFAULT_MAX_CALL_MS = 900_000;

type Parameters = Readonly<Record<string, unknown>>;

interface Budget {
	when: Holds;
	defaultMs: number;
	path?: string[];
	extraMs: number;
}

/** The value at `path` (`options.timeout` → ['options', 'timeout']) in `parameters`, if any. */
function at(parameters: Parameters, path: readonly string[]): unknown {
	let value: unknown = parameters;
	for (const key of path) {
		if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** A node's time budgets, compiled once per description. */
export class TimeBudgets {
	private readonly budgets: Budget[];
	private readonly fallbackMs: number;

	constructor(d: Pick<NodeDescription, 'itemBudgetMs' | 'timeBudgets'>) {
		this.fallbackMs = Number(d.itemBudgetMs);
		this.budgets = d.timeBudgets.map((b) => ({
			when: allHold(b.when),
			defaultMs: Number(b.defaultMs),
			path: b.parameter?.split('.'),
			extraMs: Number(b.extraMs),
		}));
	}

	/** One item's budget, in milliseconds. */
	itemMs(parameters: Parameters): number {
		const valueOf = (name: string) => (Object.hasOwn(parameters, name) ? parameters[name] : undefined);
		const budget = this.budgets.find((b) => b.when(valueOf));
		if (!budget) return this.fallbackMs;
		const set = budget.path && at(parameters, budget.path);
		const ms = typeof set === 'number' && Number.isFinite(set) && set > 0 ? set : budget.defaultMs;
		return ms + budget.extraMs;
	}

	/** The call's deadline: the items' budgets summed, at most `capMs`. */
	callMs(items: readonly Parameters[], capMs: number): number {
		let total = 0;
		for (const parameters of items) total += this.itemMs(parameters);
		return Math.min(total, capMs);
	}
}
