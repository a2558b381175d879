// A generic Node.js host layer for workflow:node components (jco-transpiled):
// everything it knows about a node comes from the node's describe().
//   credentials.ts  what a credential means; prepare() splits off the secrets
//   policy.ts       the one origin a call may reach; where secrets may travel
//   http.ts         the gate on preview2-shim's wasi:http: confine, set headers
//   redact.ts       secrets scrubbed from everything the node returns
//   node.ts         one call, hosted (runCall); NodeHost for in-process use
export * from './credentials';
export * from './policy';
export * from './http';
export * from './redact';
export * from './node';
