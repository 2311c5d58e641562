// A real third-party Open311 GeoReport v2 client (npm "open311", codeforamerica/node-open311)
// against the real server: discovery, services, a service definition, submit a request, resolve its
// token, track it while the hotline works the case, and see it closed with the reply.
//
// Starts build/hotline (HOTLINE_BIN) on a fresh demo city and a free port; issues the API key with
// `hotline open311 key add`. Run by ctest (tests/open311/run_client_test.sh) or `npm test` here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Open311 = require('open311');

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.HOTLINE_BIN || resolve(here, '../../build/hotline');
const sourceRoot = resolve(here, '../..');
let dir, server, port, apiKey, base;

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });
}

async function waitHealthy(url) {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(url + '/healthz');
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

async function api(method, path, token, body) {
  const r = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}
const tokens = {};
async function login(user) {
  if (!tokens[user]) tokens[user] = (await api('POST', '/api/v1/auth/login', null, { username: user, password: 'demo' })).token;
  return tokens[user];
}
async function act(user, id, action, body = {}) {
  const c = await api('GET', '/api/v1/cases/' + id, await login('dispatcher'));
  return api('POST', `/api/v1/cases/${id}/actions/${action}`, await login(user), { version: c.version, ...body });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-open311-npm-'));
  const data = join(dir, 'data');
  execFileSync(bin, ['demo', '--data', data, '--cases', '20'], { cwd: sourceRoot, stdio: 'ignore' });
  const out = execFileSync(bin, ['open311', 'key', 'add', '--data', data, '--name', 'node-open311 test'], { encoding: 'utf8' });
  apiKey = /api_key: (\S+)/.exec(out)[1];
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--data', data, '--listen', `127.0.0.1:${port}`, '--workers', '4'], { stdio: 'ignore' });
  await waitHealthy(base);
});

after(() => {
  if (server) server.kill('SIGTERM');
  if (dir && !process.env.HOTLINE_KEEP_TEST_DATA) rmSync(dir, { recursive: true, force: true });
});

test('create a request with the open311 client and track it to closed', async () => {
  // Discovery sets the client's endpoint from the document (it adds the trailing slash itself).
  const city = new Open311({ discovery: `${base}/open311/v2/discovery.json`, apiKey, jurisdiction: 'jiangcheng.12345.gov.cn' });
  const discovered = await promisify(city.serviceDiscovery.bind(city))({ cache: true });
  assert.equal(discovered.endpoints[0].url, `${base}/open311/v2`);
  assert.equal(city.endpoint, `${base}/open311/v2/`);
  assert.equal(city.format, 'json');

  const services = await promisify(city.serviceList.bind(city))();
  const lights = services.find((s) => s.service_code === '010204');
  assert.ok(lights, 'service 010204 is listed');
  assert.equal(lights.group, '城乡建设');
  assert.equal(lights.metadata, true);

  const def = await promisify(city.serviceDefinition.bind(city))('010204');
  const facility = def.attributes.find((a) => a.code === 'facility');
  assert.ok(facility && facility.required);
  assert.ok(facility.values.some((v) => v.key === 'street_light'));

  const created = await promisify(city.submitRequest.bind(city))({
    service_code: '010204',
    lat: 30.5928,
    long: 114.3055,
    address_string: '江城市解放大道188号',
    description: '解放大道188号门口的路灯连续三晚不亮。',
    first_name: '小红',
    last_name: '陈',
    phone: '13800138000',
    email: 'chen@example.com',
    attributes: { facility: 'street_light', location_detail: '公交站旁' },
  });
  assert.equal(created.length, 1);
  const id = created[0].service_request_id;
  assert.match(id, /^\d{10}$/);
  assert.ok(created[0].token);

  const byToken = await promisify(city.token.bind(city))(created[0].token);
  assert.equal(byToken[0].service_request_id, id);

  let tracked = await promisify(city.serviceRequest.bind(city))(id);
  assert.equal(tracked.length, 1);
  assert.equal(tracked[0].service_request_id, id);
  assert.equal(tracked[0].status, 'open');
  assert.equal(tracked[0].service_code, '010204');
  assert.ok(tracked[0].requested_datetime instanceof Date && !isNaN(tracked[0].requested_datetime));
  assert.equal(tracked[0].lat, 30.5928);
  const asJson = JSON.stringify(tracked);
  for (const pii of ['陈', '13800138000', 'chen@example.com']) assert.ok(!asJson.includes(pii), pii);

  // Several ids at once (the client joins an array with commas), and the status filter.
  const many = await promisify(city.serviceRequests.bind(city))([id], {});
  assert.deepEqual(many.map((r) => r.service_request_id), [id]);
  const open = await promisify(city.serviceRequests.bind(city))({ status: 'open' });
  assert.ok(open.some((r) => r.service_request_id === id));

  // The hotline works the case: dispatch, sign, reply, approve, callback.
  const staffCase = await api('GET', '/api/v1/cases/' + id, await login('dispatcher'));
  assert.equal(staffCase.channel, 'open311');
  const units = await api('GET', '/api/v1/units', await login('dispatcher'));
  const zjj = (units.items || units).find((u) => u.code === 'zjj');
  await act('dispatcher', staffCase.id, 'dispatch', { lead_unit_id: zjj.id });
  tracked = await promisify(city.serviceRequest.bind(city))(id);
  assert.equal(tracked[0].agency_responsible, zjj.name);
  await act('zjj.handler', staffCase.id, 'sign');
  await act('zjj.handler', staffCase.id, 'reply', { reply: '已安排维修', resolved: true });
  await act('reviewer', staffCase.id, 'approve_reply', { reply_to_citizen: '您好，路灯已于今日修复，感谢反映。' });
  await act('callback', staffCase.id, 'callback', { satisfaction: 'satisfied', resolved: true });

  tracked = await promisify(city.serviceRequest.bind(city))(id);
  assert.equal(tracked[0].status, 'closed');
  assert.match(tracked[0].status_notes, /路灯已于今日修复/);
  const closed = await promisify(city.serviceRequests.bind(city))({ status: 'closed' });
  assert.ok(closed.some((r) => r.service_request_id === id));
});

test('a bad api_key is refused through the client', async () => {
  const city = new Open311({ endpoint: `${base}/open311/v2/`, apiKey: 'o311_not_a_real_key' });
  await assert.rejects(
    promisify(city.submitRequest.bind(city))({ service_code: '010204', lat: 30.5, long: 114.3, attributes: { facility: 'drain' } }),
    (err) => err === 403,
  );
});
