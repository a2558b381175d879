// The component's contract as jco renders it (sparkbot:node/types@0.1.0).
// Types only: the transpiled component (an ES module) is loaded inside a
// worker thread by worker.ts, never on n8n's main thread.
export type {
	NodeDescription,
	Property,
	PropertyType,
	OptionValue,
	DisplayOptions,
	TypeOptions,
	CredentialType,
	Credentials,
	InputItem,
	OutputItem,
	BinaryEntry,
	NodeError,
	ErrorKind,
	ExecuteSettings,
} from '../component/interfaces/sparkbot-node-types.js' with { 'resolution-mode': 'import' };
