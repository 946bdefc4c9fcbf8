// chat.completions: plain, streamed (raw chunks and the SDK's stream helper), length limit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MODELS, TIMEOUT, assertUsage, client, drain, foldChunks } from './support.mjs';

const TEXT = 'Hello from Toolgate, the gateway. 42!';

for (const model of MODELS) {
  describe(`chat completions [${model}]`, { timeout: TIMEOUT }, () => {
    test('plain create returns the scripted text', async () => {
      const completion = await client().chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'You are a test.' },
          { role: 'user', content: `Say something.\ntext:${TEXT}` },
        ],
      });
      assert.match(completion.id, /^chatcmpl-/);
      assert.equal(completion.object, 'chat.completion');
      assert.ok(Number.isInteger(completion.created) && completion.created > 0, 'created is a unix time');
      assert.equal(typeof completion.model, 'string');
      assert.equal(completion.choices.length, 1);
      const [choice] = completion.choices;
      assert.equal(choice.index, 0);
      assert.equal(choice.message.role, 'assistant');
      assert.equal(choice.message.content, TEXT);
      assert.equal(choice.finish_reason, 'stop');
      assert.ok(!choice.message.tool_calls || choice.message.tool_calls.length === 0, 'no tool calls');
      assertUsage(completion.usage);
    });

    test('stream with include_usage: deltas, one finish_reason, usage-only last chunk', async () => {
      const stream = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: `text:${TEXT}` }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const folded = foldChunks(await drain(stream));
      assert.equal(folded.text, TEXT);
      assert.equal(folded.role, 'assistant');
      assert.equal(folded.finishReason, 'stop');
      assert.equal(folded.toolCalls.length, 0);
    });

    test('stream without include_usage has no usage-only chunk', async () => {
      const stream = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: `text:${TEXT}` }],
        stream: true,
      });
      const chunks = await drain(stream);
      const folded = foldChunks(chunks, { includeUsage: false });
      assert.equal(folded.text, TEXT);
      assert.equal(folded.finishReason, 'stop');
      assert.ok(chunks.every((c) => c.choices.length > 0), 'every chunk has a choice');
    });

    test('SDK stream helper: content events and finalChatCompletion()', async () => {
      const runner = client().chat.completions.stream({
        model,
        messages: [{ role: 'user', content: `text:${TEXT}` }],
        stream_options: { include_usage: true },
      });
      let streamed = '';
      runner.on('content', (delta) => {
        streamed += delta;
      });
      const final = await runner.finalChatCompletion();
      assert.equal(streamed, TEXT);
      assert.match(final.id, /^chatcmpl-/);
      assert.equal(final.choices.length, 1);
      assert.equal(final.choices[0].message.role, 'assistant');
      assert.equal(final.choices[0].message.content, TEXT);
      assert.equal(final.choices[0].finish_reason, 'stop');
      assert.equal(await runner.finalContent(), TEXT);
      assertUsage(final.usage);
    });

    test('max_tokens below the answer length gives finish_reason length', async () => {
      const completion = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'tokens:5' }],
        max_tokens: 3,
      });
      assert.equal(completion.choices[0].finish_reason, 'length');
      assert.ok(completion.usage.completion_tokens <= 3, `completion_tokens <= 3: ${JSON.stringify(completion.usage)}`);
    });

    test('max_tokens in a stream gives finish_reason length', async () => {
      const stream = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'tokens:5' }],
        max_tokens: 3,
        stream: true,
        stream_options: { include_usage: true },
      });
      const folded = foldChunks(await drain(stream));
      assert.equal(folded.finishReason, 'length');
    });
  });
}
