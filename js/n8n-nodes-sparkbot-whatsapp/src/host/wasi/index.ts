// The WASI a workflow:node component gets from this host, whole: io,
// clocks, random, a closed-off cli (no environment, no arguments, stdin
// empty, stdout and stderr dropped) and http on a SyncTransport. No
// filesystem and no sockets: a component that imports them does not load.
// Written for the interfaces jco hands a component in its instantiation
// mode, so nothing of a library is patched or reached into.
import { randomBytes } from 'node:crypto';
import { wasiHttp } from './http';
import { InputStream, IoError, nowNs, OutputStream, Pollable, poll } from './io';
import type { SyncTransport } from './transport';

export type { HttpErrorCode, SyncTransport, WireRequest, WireResponse } from './transport';
export { concatBytes } from './io';

/** The component called exit: its call ends there. */
export class ExitError extends Error {
	constructor(readonly status: { tag: 'ok' | 'err' }) {
		super(`the component exited (${status.tag === 'ok' ? 'success' : 'failure'}) instead of returning`);
		this.name = 'ExitError';
	}
}

/** WASI interfaces by package, then by interface (camel case), as `wasiImports` reads them. */
export type WasiPackages = Record<string, Record<string, unknown>>;

/** A fresh WASI for one worker: every resource of it belongs to `transport`. */
export function createWasi(transport: SyncTransport): WasiPackages {
	const dropped = () => undefined;
	const stdout = new OutputStream(transport, dropped);
	const stderr = new OutputStream(transport, dropped);
	class TerminalInput {}
	class TerminalOutput {}
	const timer = (ns: bigint) => {
		const deadlineNs = nowNs() + ns;
		return new Pollable(transport, () => nowNs() >= deadlineNs, deadlineNs);
	};
	return {
		io: {
			error: { Error: IoError },
			poll: { Pollable, poll: (list: Pollable[]) => poll(transport, list) },
			streams: { InputStream, OutputStream },
		},
		clocks: {
			monotonicClock: {
				now: nowNs,
				resolution: () => 1n,
				subscribeDuration: timer,
				subscribeInstant: (at: bigint) => timer(at - nowNs()),
			},
			wallClock: {
				now: () => {
					const ms = Date.now();
					return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
				},
				resolution: () => ({ seconds: 0n, nanoseconds: 1_000_000 }),
			},
		},
		random: {
			random: {
				getRandomBytes: (len: bigint) => new Uint8Array(randomBytes(Number(len))),
				getRandomU64: () => randomBytes(8).readBigUInt64LE(),
			},
			insecure: {
				getInsecureRandomBytes: (len: bigint) => new Uint8Array(randomBytes(Number(len))),
				getInsecureRandomU64: () => randomBytes(8).readBigUInt64LE(),
			},
			insecureSeed: { insecureSeed: (): [bigint, bigint] => [randomBytes(8).readBigUInt64LE(), randomBytes(8).readBigUInt64LE()] },
		},
		cli: {
			environment: { getEnvironment: () => [], getArguments: () => [], initialCwd: () => undefined },
			exit: {
				exit: (status: { tag: 'ok' | 'err' }) => {
					throw new ExitError(status);
				},
			},
			stdin: { getStdin: () => new InputStream(transport) },
			stdout: { getStdout: () => stdout },
			stderr: { getStderr: () => stderr },
			terminalInput: { TerminalInput },
			terminalOutput: { TerminalOutput },
			terminalStdin: { getTerminalStdin: () => undefined },
			terminalStdout: { getTerminalStdout: () => undefined },
			terminalStderr: { getTerminalStderr: () => undefined },
		},
		http: wasiHttp(transport),
	};
}
