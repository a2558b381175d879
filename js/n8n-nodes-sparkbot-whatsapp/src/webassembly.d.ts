// The part of the WebAssembly JS API the host uses. TypeScript declares it
// only in lib.dom; Node.js has it as a global.
declare namespace WebAssembly {
	class Module {
		constructor(bytes: BufferSource | Uint8Array);
	}
	class Memory {
		readonly buffer: ArrayBuffer;
	}
	class Instance {
		constructor(module: Module, imports?: Imports);
		readonly exports: Record<string, unknown>;
	}
	type ImportValue = unknown;
	type Imports = Record<string, Record<string, ImportValue>>;
}
type BufferSource = ArrayBufferView | ArrayBuffer;
