// Issue 4 item 3: the official npm client (@microsoft/signalr, as the web UI uses it) against the hub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';
import { api, baseUrl, signIn, until } from './support.mjs';

async function connect(username, transport) {
  const token = await signIn(username);
  const connection = new HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/incidents`, { accessTokenFactory: () => token, transport })
    .configureLogging(LogLevel.Warning)
    .build();
  const events = [];
  connection.on('event', (e) => events.push(e));
  await connection.start();
  return { connection, events };
}

test('the npm client receives the events its department may see, in seq order, and nothing else', async () => {
  // Negotiate + WebSockets, as in the browser; and long polling, to show the hub is not WebSocket-only.
  const review = await connect('review1', HttpTransportType.WebSockets);
  const guild = await connect('guild1', HttpTransportType.LongPolling);
  const lead = await connect('lead1');
  try {
    const operator = await signIn('operator1');
    const incident = await api(operator, 'POST', '/api/incidents', {
      title: 'npm client sees this', summary: 'node test', businessLine: 'douyin',
      category: 'fraud-scam', severity: 'S2', source: 'operator',
    });
    await api(operator, 'POST', `/api/incidents/${incident.id}/handoffs`, { toDepartment: 'review-ops', note: 'node test' });

    const handoff = (e) => e.incidentId === incident.id && e.type === 'handoff.requested';
    await until(() => review.events.some(handoff), 'review1 to receive handoff.requested');
    await until(() => lead.events.some(handoff), 'lead1 to receive handoff.requested');

    const e = review.events.find(handoff);
    assert.equal(e.incidentKey, incident.key);
    assert.ok(e.departments.includes('review-ops'));
    for (const field of ['seq', 'incidentId', 'incidentKey', 'type', 'stage', 'severity', 'actor', 'departments', 'occurredAt', 'data']) {
      assert.ok(field in e, `event has ${field}`);
    }
    const seqs = lead.events.map((x) => x.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    assert.equal(new Set(seqs).size, seqs.length);

    await guild.connection.invoke('Watch', incident.id).then(
      () => assert.fail('guild1 may not watch a review-ops incident'),
      (error) => assert.match(String(error), /not found/),
    );
    assert.equal(guild.events.filter((x) => x.incidentId === incident.id).length, 0);
  } finally {
    await Promise.all([review.connection.stop(), guild.connection.stop(), lead.connection.stop()]);
  }
});
