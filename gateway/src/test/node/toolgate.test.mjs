// The official SDK through Toolgate's own features: server-side tool activity and a human approval in a
// stream (extension field `toolgate` on chunks), and a non-streaming pending approval continued by /approve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, MODELS, API_KEY, TIMEOUT } from './support.mjs';

const GUARDED = [{ type: 'toolgate', name: 'guarded' }];

async function approve(url, id) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ request_id: id, approve: true, reason: 'approved by the sdk test' }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

for (const model of MODELS) {
  test(`a stream with tool activity and an approval (${model})`, { timeout: TIMEOUT }, async () => {
    const stream = await client().chat.completions.create({
      model,
      stream: true,
      tools: GUARDED,
      messages: [{ role: 'user', content: 'tool:guarded {"text":"from the sdk"}' }],
    });
    let content = '';
    let finish = null;
    const activity = [];
    let approvals = 0;
    for await (const chunk of stream) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      if (chunk.toolgate?.type === 'approval_required') {
        approvals += 1;
        const decision = await approve(chunk.toolgate.approval.approve_url, chunk.toolgate.approval.id);
        assert.equal(decision.status, 'approved');
      } else if (chunk.toolgate?.type === 'tool_call') {
        activity.push(chunk.toolgate.status);
      }
      for (const choice of chunk.choices) {
        content += choice.delta?.content ?? '';
        if (choice.finish_reason) finish = choice.finish_reason;
      }
    }
    assert.equal(approvals, 1);
    assert.deepEqual(activity, ['running', 'completed']);
    assert.match(content, /guarded ran for admin with from the sdk/);
    assert.equal(finish, 'stop');
  });

  test(`a pending approval continued by /approve (${model})`, { timeout: TIMEOUT }, async () => {
    const pending = await client().chat.completions.create({
      model,
      tools: GUARDED,
      messages: [{ role: 'user', content: 'tool:guarded {"text":"later"}' }],
    });
    assert.equal(pending.requires_approval, true);
    assert.equal(pending.tool, 'guarded');
    assert.match(pending.request_id, /^apr_/);
    assert.equal(pending.choices[0].finish_reason, 'stop');

    const continued = await approve(pending.toolgate.approval.approve_url, pending.request_id);
    assert.equal(continued.object, 'chat.completion');
    assert.match(continued.choices[0].message.content, /guarded ran for admin with later/);
  });
}
