// Where the component and the host binary are: env first, then the project's
// default cache (the cargo target directory outside the clone).
import { homedir } from 'node:os';
import { join } from 'node:path';

const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'sparkbot-whatsapp', 'target');

export function componentPath() {
  return process.env.SPARKBOT_COMPONENT || join(target, 'wasm32-wasip2', 'release', 'sparkbot_whatsapp.wasm');
}

export function hostTestBin() {
  return process.env.HOST_TEST_BIN || join(target, 'debug', 'host-test');
}

/** The second test component (world workflow:node/http-node): echo_node.wasm. */
export function echoComponentPath() {
  return process.env.ECHO_NODE_COMPONENT || join(target, 'wasm32-wasip2', 'release', 'echo_node.wasm');
}
