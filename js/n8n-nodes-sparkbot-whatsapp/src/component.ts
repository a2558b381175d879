// The workflow:node contract as jco renders it (workflow:node/types@0.3.0).
// Types only: the transpiled component (an ES module) is loaded inside a
// worker thread by worker.ts, never on n8n's main thread.
export type {
	NodeDescription,
	Property,
	PropertyType,
	OptionValue,
	DisplayOptions,
	DisplayCondition,
	TypeOptions,
	LocatorMode,
	TimeBudget,
	SearchPage,
	CredentialType,
	Credentials,
	InputItem,
	OutputItem,
	BinaryEntry,
	NodeError,
	ErrorKind,
	ExecuteSettings,
	SecretField,
} from '../component/interfaces/workflow-node-types.js' with { 'resolution-mode': 'import' };
