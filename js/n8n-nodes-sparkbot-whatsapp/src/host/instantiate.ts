// A workflow:node component transpiled by jco in instantiation mode
// (`--instantiation sync`): its core modules compiled once per process, and
// a fresh instance made from them for each call, with the imports the host
// chooses to grant. Nothing here names a node: the exports are found by the
// contract's interface, the imports by the WASI interface names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeExports } from './node';

/** The core modules of a transpiled component, by file name (shareable with worker threads). */
export type CoreModules = Record<string, WebAssembly.Module>;

/** `instantiate` as jco generates it in sync instantiation mode. */
export type Instantiate = (
	getCoreModule: (name: string) => WebAssembly.Module,
	imports: Record<string, unknown>,
	instantiateCore?: (module: WebAssembly.Module, imports: WebAssembly.Imports) => WebAssembly.Instance,
) => Record<string, unknown>;

/** Compiles every core module in `dir` (a jco output folder). Synchronous: once per process. */
export function compileCoreModules(dir: string): CoreModules {
	const modules: CoreModules = {};
	for (const file of readdirSync(dir)) {
		if (file.endsWith('.wasm')) modules[file] = new WebAssembly.Module(readFileSync(join(dir, file)));
	}
	return modules;
}

/** The component's memory grew past the host's cap. */
export class MemoryLimitError extends Error {
	constructor(readonly bytes: number, readonly capBytes: number) {
		super(`the component's memory grew to ${bytes} bytes, past the host's cap of ${capBytes} bytes`);
		this.name = 'MemoryLimitError';
	}
}

/** WASI interfaces by package: `wasi:<package>/<interface>` → a shim module and its export. */
export type ShimModules = Partial<Record<string, Record<string, unknown>>>;

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The import object for a component: each `wasi:<package>/<interface>` it
 * asks for, taken from `shims[<package>]` (preview2-shim's modules), with
 * `overrides` first (e.g. a gated `wasi:http/outgoing-handler`). A package
 * the host does not grant (no shim given: filesystem, sockets) fails the
 * instantiation, naming it. Any other interface (the contract's type-only
 * ones) gets an empty object.
 */
export function wasiImports(shims: ShimModules, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return new Proxy(
		{},
		{
			get(_, key) {
				if (typeof key !== 'string') return undefined;
				const name = key.replace(/@.*$/, '');
				if (name in overrides) return overrides[name];
				const match = /^wasi:([a-z-]+)\/([a-z-]+)$/.exec(name);
				if (!match) return {};
				const shim = shims[match[1]];
				if (!shim) throw new Error(`the host grants no ${name}`);
				const iface = shim[camel(match[2])];
				if (iface === undefined) throw new Error(`the host has no ${name}`);
				return iface;
			},
		},
	);
}

/**
 * Imports that stand in for every WASI interface when no call may touch
 * the outside (describe(), run on n8n's main thread): any use throws.
 */
export function inertImports(): Record<string, unknown> {
	const refuse = (what: string) => () => {
		throw new Error(`${what} is not available to this call`);
	};
	return new Proxy(
		{},
		{
			get: (_, iface) =>
				new Proxy(function () {}, {
					get: (__, member) => (member === 'prototype' ? {} : refuse(`${String(iface)}.${String(member)}`)),
				}),
		},
	);
}

/** The export this host calls: the contract's `node` interface at the version it speaks. */
export const CONTRACT_EXPORT = 'workflow:node/node@0.3.0';

/** A fresh instance, and how much linear memory it holds. */
export interface NodeInstance {
	node: NodeExports;
	/** The largest linear memory of the instance's core modules, in bytes. */
	memoryBytes(): number;
}

/**
 * A fresh instance of the component. With `memoryCapBytes`, every call
 * the component makes into the host first checks its linear memory and
 * throws MemoryLimitError past the cap (so a body read into memory stops
 * at the next read); callers check once more when the call returns.
 */
export function instantiateNode(
	instantiate: Instantiate,
	modules: CoreModules,
	imports: Record<string, unknown>,
	memoryCapBytes?: number,
): NodeInstance {
	const memories: WebAssembly.Memory[] = [];
	const memoryBytes = () => memories.reduce((max, m) => Math.max(max, m.buffer.byteLength), 0);
	const check = () => {
		if (memoryCapBytes === undefined) return;
		const bytes = memoryBytes();
		if (bytes > memoryCapBytes) throw new MemoryLimitError(bytes, memoryCapBytes);
	};
	const instantiateCore = (module: WebAssembly.Module, coreImports: WebAssembly.Imports = {}) => {
		const wrapped: WebAssembly.Imports = {};
		for (const [ns, members] of Object.entries(coreImports)) {
			// Every function a core module imports: the host's (jco's trampolines) and
			// the adapters between the component's core modules that lead to them.
			if (memoryCapBytes === undefined) {
				wrapped[ns] = members;
				continue;
			}
			const out: Record<string, WebAssembly.ImportValue> = {};
			for (const [name, value] of Object.entries(members)) {
				out[name] =
					typeof value === 'function'
						? function (this: unknown, ...args: unknown[]) {
								check();
								return (value as (...a: unknown[]) => unknown).apply(this, args);
							}
						: value;
			}
			wrapped[ns] = out;
		}
		const instance = new WebAssembly.Instance(module, wrapped);
		for (const value of Object.values(instance.exports)) {
			if (value instanceof WebAssembly.Memory) memories.push(value);
		}
		return instance;
	};
	const root = instantiate((name) => {
		const module = modules[name];
		if (!module) throw new Error(`the component has no core module ${name}`);
		return module;
	}, imports, instantiateCore);
	// The contract's version is the export's: a component of another version
	// is refused by name, before any call reads records of another shape.
	const node = root[CONTRACT_EXPORT] as NodeExports | undefined;
	if (!node || typeof node.describe !== 'function') {
		const others = Object.keys(root).filter((k) => /^workflow:node\/node@/.test(k));
		throw new Error(
			others.length > 0
				? `the component exports ${others.join(', ')}; this host runs ${CONTRACT_EXPORT}`
				: `the component exports no ${CONTRACT_EXPORT} interface`,
		);
	}
	return { node, memoryBytes };
}
