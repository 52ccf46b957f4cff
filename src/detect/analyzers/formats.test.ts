// Analyzer tests on config and infrastructure formats: Terraform, Kubernetes, SQL, credential files, and the negatives.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { deep, found } from './testing.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

test('terraform state: sensitive and secret-bearing attributes, with the resource address; JSON escapes decoded', () => {
  const state = JSON.stringify({
    version: 4,
    outputs: { db: { value: 'Zq8!Lm3xWp7v', sensitive: true } },
    resources: [
      { mode: 'managed', type: 'aws_db_instance', name: 'telemetry', instances: [{ attributes: { username: 'telemetry', password: 'Vq8#Lm2xKp7w', endpoint: 'db:5432' }, sensitive_attributes: [[{ type: 'get_attr', value: 'password' }]] }] },
      { mode: 'managed', type: 'tls_private_key', name: 'bastion', instances: [{ attributes: { algorithm: 'RSA', private_key_pem: pem } }] },
    ],
  }, null, 2);
  const r = deep('envs/prod/terraform.tfstate', state);
  const pw = r.matches.find((m) => m.secret === 'Vq8#Lm2xKp7w');
  assert.equal(pw?.ruleId, 'terraform-state-secret');
  assert.equal(pw?.detail, 'aws_db_instance.telemetry.password');
  assert.ok(r.matches.some((m) => m.secret === 'Zq8!Lm3xWp7v' && m.detail === 'output.db'));
  const key = r.matches.filter((m) => m.ruleId.startsWith('private-key'));
  assert.equal(key.length, 1, 'one report of the key');
  assert.ok(key[0]!.secret.includes('\n') && !key[0]!.secret.includes('\\n'), 'newlines decoded');
  assert.equal(key[0]!.detail, 'tls_private_key.bastion.private_key_pem');
  assert.ok(!r.matches.some((m) => m.ruleId === 'sensitive-file-terraform-state'), 'the file itself is not reported when its secrets are');
});

test('terraform HCL: var.x, random_password and placeholders are not findings; a secret variable default is', () => {
  const tf = 'resource "aws_db_instance" "x" {\n  password = var.db_password\n}\nresource "random_password" "db" {\n  length = 24\n}\nresource "aws_db_instance" "y" {\n  password = random_password.db.result\n}\nvariable "region" {\n  default = "eu-west-1"\n}\nvariable "db_password" {\n  default = "REPLACE_ME"\n}\n';
  assert.deepEqual(found('main.tf', tf), []);
  assert.deepEqual(found('variables.tf', 'variable "api_token" {\n  sensitive = true\n  default   = "Kq9!wLz2Rt7v"\n}\n'), ['terraform-variable-default=Kq9!wLz2Rt7v']);
});

test('kubernetes: Secret data decoded, stringData as is; SealedSecret and SOPS are not findings', () => {
  const b64 = Buffer.from('Kq9!wLz2Rt7v').toString('base64');
  const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  mode: fast\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  username: ${Buffer.from('telemetry').toString('base64')}\n  password: ${b64}\nstringData:\n  API_TOKEN: q8Lz2Wx7Kp4Rt6Yv\n`;
  const r = deep('k8s/secret.yaml', yaml);
  const pw = r.matches.find((m) => m.secret === 'Kq9!wLz2Rt7v');
  assert.equal(pw?.ruleId, 'kubernetes-secret-data');
  assert.deepEqual(pw?.encoding, ['base64']);
  assert.equal(pw?.line, 14);
  assert.ok(r.matches.some((m) => m.secret === 'q8Lz2Wx7Kp4Rt6Yv'));
  assert.ok(!r.matches.some((m) => m.secret === 'telemetry'));
  const sealed = 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq8Rj2vXQkL7tYzWn3mPqB8Hc5Jd2fKs6Lr9Tu1Vw4Xy7Za0Bc3De6Fg9Hi2Jk5\n';
  assert.deepEqual(found('sealed.yaml', sealed), []);
  const sops = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ENC[AES256_GCM,data:Tr7o1Zn6Yhc=,iv:1/J9ZxX8o5r4kN0zL2yU9w9bq0=,tag:Qz9xV3kq8Lp2Rt6Yv4Bn0w==,type:str]\nsops:\n  version: 3.8.1\n';
  assert.deepEqual(found('sops.yaml', sops), []);
});

test('kubeconfig: client-key-data is decoded to the private key; token reported', () => {
  const cfg = `apiVersion: v1\nkind: Config\nusers:\n  - name: ops\n    user:\n      client-key-data: ${Buffer.from(pem).toString('base64')}\n      token: kq8Lz2Wx7Kp4Rt6YvB3nM9cD1\n`;
  const r = deep('.kube/config', cfg);
  assert.ok(r.matches.some((m) => m.ruleId.startsWith('private-key') && m.secret.includes('BEGIN RSA PRIVATE KEY')));
  assert.ok(r.matches.some((m) => m.secret === 'kq8Lz2Wx7Kp4Rt6YvB3nM9cD1'));
});

test('ansible vault blobs and CI secret references are not findings', () => {
  const vault = 'db_password: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          62313365396662343061393464336163383764373764613633653634306231386433626436623361\n          6134333665353966363534333632666535333761666131620a663537646436643839616531643561\n';
  assert.deepEqual(found('group_vars/all.yml', vault), []);
  assert.deepEqual(found('secrets.yml', '$ANSIBLE_VAULT;1.1;AES256\n62313365396662343061393464336163383764373764613633653634306231386433626436623361\n'), []);
  assert.deepEqual(found('.github/workflows/ci.yml', 'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n  DB_PASSWORD: $(DB_PASSWORD)\n'), []);
  assert.deepEqual(found('Jenkinsfile', "withCredentials([usernamePassword(credentialsId: 'art', usernameVariable: 'U', passwordVariable: 'P')]) {\n  sh 'curl -u $U:$P https://x'\n}\n"), []);
  assert.deepEqual(found('azure-pipelines.yml', 'steps:\n  - script: docker login -u ci -p $(REGISTRY_PASSWORD) registry.agency.int\n'), []);
});

test('sql dumps: credential columns by name (INSERT with and without a column list, COPY); psql variables and binds are not', () => {
  const dump = "CREATE TABLE `api_clients` (\n  `id` int NOT NULL,\n  `name` varchar(40),\n  `api_key` varchar(64) NOT NULL\n);\nINSERT INTO `api_clients` VALUES (1,'planner','k7Q2wLx9Pz4mRt8V'),(2,'it''s','Wm3!zQ8rLp2x');\n" +
    "INSERT INTO users (email, password) VALUES\n  ('ops@agency.int', 'Hx7#kq2Lwz9'),\n  ('viewer@agency.int', :'pw'),\n  ('x@y.z', $1);\n" +
    'COPY public.accounts (id, email, password_hash) FROM stdin;\n1\tops@agency.int\t5f4dcc3b5aa765d61d8327deb882cf99\n\\.\n';
  const r = deep('db/dump.sql', dump);
  const got = r.matches.map((m) => `${m.detail}=${m.secret}@${m.line}`).sort();
  assert.deepEqual(got, ['accounts.password_hash=5f4dcc3b5aa765d61d8327deb882cf99@12', 'api_clients.api_key=Wm3!zQ8rLp2x@6', 'api_clients.api_key=k7Q2wLx9Pz4mRt8V@6', 'users.password=Hx7#kq2Lwz9@8']);
  assert.deepEqual(found('roles.sql', "CREATE USER reporting WITH PASSWORD :'pw';\nINSERT INTO users (email, password) VALUES (?, ?);\n"), []);
});

test('credential files: .netrc, .pgpass, .npmrc _auth, Dockerfile ENV', () => {
  assert.deepEqual(found('home/.netrc', 'machine artifactory.agency.int\n  login deploy\n  password Hx7#kq2Lwz9\n'), ['netrc-password=Hx7#kq2Lwz9']);
  assert.deepEqual(found('.pgpass', 'db:5432:telemetry:rw:Vega62!Rt8Kwnq\n'), ['pgpass-password=Vega62!Rt8Kwnq']);
  assert.ok(found('.npmrc', `//npm.agency.int/:_auth=${Buffer.from('deploy:Copernicus77#Nw2Pk').toString('base64')}\n`).includes('npmrc-auth=Copernicus77#Nw2Pk'));
  assert.deepEqual(found('Dockerfile', 'FROM alpine\nENV DB_PASSWORD Kq9!wLz2Rt7v\nARG NPM_TOKEN\n'), ['dockerfile-secret=Kq9!wLz2Rt7v']);
});

test('sensitive files: binary keystores reach the analyzer; the secret is the content hash; keys a rule reports are not doubled', () => {
  const p12 = Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03, 0x00, 0x00, 0x01]);
  const r = deep('release/signing.p12', p12);
  assert.equal(r.status, 'ok');
  assert.equal(r.matches.length, 1);
  assert.match(r.matches[0]!.secret, /^sha256:[0-9a-f]{64}$/);
  assert.equal(r.matches[0]!.ruleId, 'sensitive-file-keystore');
  assert.deepEqual(found('deploy/id_rsa', pem).map((s) => s.split('=')[0]), ['private-key-rsa']);
  assert.deepEqual(found('deploy/id_rsa.pub', 'ssh-rsa AAAAB3NzaC1yc2E ops@host\n'), []);
  assert.deepEqual(found('vault/db.kdbx', Buffer.from([3, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5, 0])).map((s) => s.split('=')[0]), ['sensitive-file-keepass']);
});

test('notebooks: cells JSON-decoded, reported on the file line', () => {
  const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['# Notes\n'] }, { cell_type: 'code', source: ['import requests\n', 'requests.get(u, auth=("svc", "Ariane66*Ub3Ykw"))\n'], outputs: [{ output_type: 'stream', text: ['token: q8Lz2Wx7Kp4Rt6YvB3nM\n'] }] }], nbformat: 4 }, null, 1);
  const r = deep('analysis.ipynb', nb);
  const pw = r.matches.find((m) => m.secret === 'Ariane66*Ub3Ykw');
  assert.ok(pw, 'password in a code cell');
  assert.equal(nb.split('\n')[pw.line - 1]!.includes('Ariane66'), true);
  assert.equal(pw.detail, 'cell 2 (code)');
  assert.ok(r.matches.some((m) => m.secret === 'q8Lz2Wx7Kp4Rt6YvB3nM' && m.detail === 'cell 2 output 1'));
});

test('markings: text documents only, as banners; each document its own finding', () => {
  const a = deep('docs/ICD.md', 'RESTRICTED - EXPORT CONTROLLED\nDistribution: partners.\n').matches;
  const b = deep('docs/other.md', 'RESTRICTED - EXPORT CONTROLLED\n').matches;
  assert.equal(a.length, 1);
  assert.equal(a[0]!.ruleId, 'confidential-document');
  assert.match(a[0]!.detail ?? '', /RESTRICTED - EXPORT CONTROLLED/);
  assert.notEqual(a[0]!.secret, b[0]!.secret);
  assert.deepEqual(found('src/app.py', '# CONFIDENTIAL\nSECRET = 1\n'), []);
  assert.deepEqual(found('README.md', 'Keep the secret confidential.\n'), []);
});

test('a notebook, Terraform state or Jira/Confluence export that is not valid JSON is reported, named by its analyzer, and still scanned as text', () => {
  const cases: [string, string, string, string][] = [
    ['nb/broken.ipynb', '{"cells": [ {"source": "x"', 'NOTEBOOK_UNREADABLE', 'not valid JSON: '],
    ['envs/broken.tfstate', '{"version": 4, "resources": [', 'STATE_UNREADABLE', 'not valid JSON: '],
    ['export/issues.json', '{"issues": [ {"key": "OPS-1", "fields": {', 'JIRA_UNREADABLE', 'looks like a Jira export but is not valid JSON: '],
    ['export/pages.json', '{"results": [ {"type": "page", "body": {"storage": {', 'CONFLUENCE_UNREADABLE', 'looks like a Confluence export but is not valid JSON: '],
  ];
  for (const [path, text, code, message] of cases) {
    const r = deep(path, `${text}\n"password": "Vq8#Lm2xKp7w"`);
    const issue = r.issues.find((i) => i.code === code);
    assert.ok(issue?.message.startsWith(message), `${path}: ${JSON.stringify(r.issues)}`);
    assert.ok(r.matches.some((m) => m.secret === 'Vq8#Lm2xKp7w'), `${path}: the rules still ran on the text`);
  }
});
