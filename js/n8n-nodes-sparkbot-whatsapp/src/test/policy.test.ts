// The Node.js host's network policy: pure rules, and the effect on a real call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminOrigins, allowedOrigin, originOf, requestAllowed } from '../policy';

const DEFAULT = 'https://api.wassenger.com/v1';

test('the allowed origin is the credential Base URL origin, or the default', () => {
	assert.equal(allowedOrigin('http://127.0.0.1:8080/v1', DEFAULT, []), 'http://127.0.0.1:8080');
	assert.equal(allowedOrigin('https://api.example.com:443/v1/', DEFAULT, []), 'https://api.example.com');
	assert.equal(allowedOrigin('', DEFAULT, []), 'https://api.wassenger.com');
	assert.equal(allowedOrigin(undefined, DEFAULT, []), 'https://api.wassenger.com');
	assert.equal(allowedOrigin('ftp://x/v1', DEFAULT, []), undefined);
	assert.equal(allowedOrigin('not a url', DEFAULT, []), undefined);
});

test('an administrator list narrows: a credential outside it gets no network', () => {
	const admin = adminOrigins({ SPARKBOT_ALLOWED_ORIGINS: ' https://api.example.com/v1 , http://127.0.0.1:9 ' });
	assert.deepEqual(admin, ['https://api.example.com', 'http://127.0.0.1:9']);
	assert.equal(allowedOrigin('https://api.example.com/v1', DEFAULT, admin), 'https://api.example.com');
	assert.equal(allowedOrigin('https://evil.example.com/v1', DEFAULT, admin), undefined);
	assert.deepEqual(adminOrigins({}), []);
	assert.deepEqual(adminOrigins({ SPARKBOT_ALLOWED_ORIGINS: 'nonsense' }), ['invalid:nonsense']);
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
});
