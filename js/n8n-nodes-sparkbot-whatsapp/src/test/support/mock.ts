// The embedded SparkBot API (`host-test mock-api`, a separate process),
// started through the jco tests' support module: one typed door for the
// package's tests.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A running mock: its base URL and key, its admin API (`/__mock/...`), and a stop. */
export interface Mock {
	baseUrl: string;
	apiKey: string;
	stop(): Promise<void>;
	admin(method: string, path: string, body?: unknown): Promise<any>;
}

/** The jco tests' support folder (the mock, the QR decoder). */
export const JCO_SUPPORT = join(__dirname, '..', '..', '..', '..', 'jco', 'test', 'support');

export async function startMock(): Promise<Mock> {
	const { startMock: start } = (await import(pathToFileURL(join(JCO_SUPPORT, 'mock.mjs')).href)) as { startMock(): Promise<Mock> };
	return start();
}
