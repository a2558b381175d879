// The host layer's network policy: pure rules (the effect on real calls is
// in node.test.ts and the jco tests).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confinedOrigin, isLoopbackHost, originOf, parseOriginList, requestAllowed, requestOrigin, secretsMayTravel } from '../host/policy';

test("the confined origin is the base URL's origin", () => {
	assert.equal(confinedOrigin('http://127.0.0.1:8080/v1', []), 'http://127.0.0.1:8080');
	assert.equal(confinedOrigin(' https://api.example.com:443/v1/ ', []), 'https://api.example.com');
	assert.equal(confinedOrigin(undefined, []), undefined);
	assert.equal(confinedOrigin('', []), undefined);
	assert.equal(confinedOrigin('ftp://x/v1', []), undefined);
	assert.equal(confinedOrigin('not a url', []), undefined);
	assert.equal(originOf('https://user:pw@api.example.com/x'), 'https://api.example.com');
});

test('an administrator list narrows: a credential outside it gets no network', () => {
	const admin = parseOriginList(' https://api.example.com/v1 , http://127.0.0.1:9 ');
	assert.deepEqual(admin, ['https://api.example.com', 'http://127.0.0.1:9']);
	assert.equal(confinedOrigin('https://api.example.com/v1', admin), 'https://api.example.com');
	assert.equal(confinedOrigin('https://evil.example.com/v1', admin), undefined);
	assert.deepEqual(parseOriginList(undefined), []);
	assert.deepEqual(parseOriginList('nonsense'), ['invalid:nonsense']);
	assert.equal(confinedOrigin('https://api.example.com/v1', parseOriginList('nonsense')), undefined);
});

test('a request passes only to the allowed origin', () => {
	const allowed = originOf('http://127.0.0.1:8080/v1');
	assert.equal(requestAllowed({ tag: 'HTTP' }, '127.0.0.1:8080', allowed), true);
	assert.equal(requestAllowed({ tag: 'HTTPS' }, '127.0.0.1:8080', allowed), false);
	assert.equal(requestAllowed({ tag: 'HTTP' }, '127.0.0.1:8081', allowed), false);
	assert.equal(requestAllowed({ tag: 'HTTP' }, 'user@127.0.0.1:8080', allowed), false);
	assert.equal(requestAllowed({ tag: 'other', val: 'ftp' }, '127.0.0.1:8080', allowed), false);
	assert.equal(requestAllowed({ tag: 'HTTP' }, undefined, allowed), false);
	assert.equal(requestAllowed({ tag: 'HTTP' }, '127.0.0.1:8080', undefined), false);
	assert.equal(requestAllowed({ tag: 'HTTPS' }, 'api.example.com:443', 'https://api.example.com'), true);
	// wasi:http without a scheme: preview2-shim sends https.
	assert.equal(requestOrigin(undefined, 'api.example.com'), 'https://api.example.com');
});

test('secrets travel over https, or in clear only to loopback', () => {
	for (const ok of ['https://api.example.com', 'http://127.0.0.1:8080', 'http://127.9.9.9', 'http://localhost:1', 'http://[::1]:80', originOf('http://127.1:80/')]) {
		assert.equal(secretsMayTravel(ok), true, String(ok));
	}
	for (const bad of ['http://api.example.com', 'http://10.0.0.1', 'http://192.0.2.2:80', 'http://128.0.0.1', 'http://localhost.example.com', undefined]) {
		assert.equal(secretsMayTravel(bad), false, String(bad));
	}
	assert.equal(isLoopbackHost('127.0.0.1'), true);
	assert.equal(isLoopbackHost('127.0.0.256'), false);
	assert.equal(isLoopbackHost('1270.0.0.1'), false);
});
