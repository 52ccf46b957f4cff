import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPlaceholder, keyIsNotSecret, looksLikeCredential, valueNamesKey } from './filters.js';

test('references and templates are placeholders', () => {
  for (const v of ['${DB_PASSWORD}', '${{ secrets.NPM_TOKEN }}', '{{ vault_pw }}', '$(PASS)', '$PASSWORD', 'process.env.TOKEN', 'var.db_password', '%(pw)s', '<your-token-here>', '********', 'xxxxxxxxxxxx', 'changeme', 'REPLACE_ME', 'AKIAIOSFODNN7EXAMPLE']) {
    assert.ok(isPlaceholder(v), v);
  }
});

test('real-looking secrets are not placeholders', () => {
  for (const v of ['Ariane12!aB3dE5vega', 'ghp_R4nd0mB0dyW1thD1g1ts9q8w7e6r5t4y3', 'hvs.CAESIJ7q2LwX9']) assert.ok(!isPlaceholder(v), v);
});

test('generic values must look like credentials', () => {
  for (const v of ['required', 'password', 'DB_PASSWORD', 'get_password()', 'self.password', '/run/secrets/db', '5432', '1.2.3', 'true', 'secret/data/ci/jira', 'id_rsa.pem']) {
    assert.ok(!looksLikeCredential(v), v);
  }
  for (const v of ['Kr4k3n!w8Pq', 'hunter2hunter2', 'Vega93#Tq7Lmz']) assert.ok(looksLikeCredential(v), v);
});

test('type names are not credentials', () => {
  // TypeScript declarations (aws-sdk's .d.ts files): unions, array types, types named after the field.
  for (const v of ['Buffer|Uint8Array|Blob|string', 'string|null', 'PrivateKeysList[', 'KeyList[]']) assert.ok(!looksLikeCredential(v), v);
  assert.ok(valueNamesKey('PrivateKeyAttributes', 'PrivateKeyAttributesV3'));
  assert.ok(valueNamesKey('"clientSecretValue"', 'clientSecretValueHolder'));
  // Passwords that only look alike stay: a short name, a value with other characters, a value not built on the name.
  assert.ok(!valueNamesKey('pass', 'pass1234'));
  assert.ok(!valueNamesKey('PrivateKeyAttributes', 'PrivateKeyAttributes#9x'));
  assert.ok(!valueNamesKey('db_password_prod', 'Hx7kq2Lwz9Tq'));
  for (const v of ['Tr0ub4dor&3', 'Summer|2024!x']) assert.ok(looksLikeCredential(v), v);
});

test('setting names that hold no secret', () => {
  for (const k of ['password_file', 'token_url', 'secret_name', 'passwordPolicy', 'db.password.length']) assert.ok(keyIsNotSecret(k), k);
  for (const k of ['password', 'db_password', 'api_key', 'clientSecret', 'SMTP_PASS']) assert.ok(!keyIsNotSecret(k), k);
});
