// The official openai SDK against a gateway whose model is served by llama.cpp in-process (a real GGUF
// model with random weights: the text is gibberish, but tokens, limits, streaming and usage are real).
// Run by LlamaCppGatewayTest with TOOLGATE_BASE_URL and TOOLGATE_LLAMACPP_MODEL set.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { assertUsage, drain, foldChunks } from './support.mjs';

const model = process.env.TOOLGATE_LLAMACPP_MODEL;
const client = new OpenAI({ baseURL: process.env.TOOLGATE_BASE_URL, apiKey: process.env.TOOLGATE_API_KEY, maxRetries: 0, timeout: 20_000 });

describe(`llama.cpp in-process [${model}]`, { timeout: 30_000 }, () => {
  test('plain create: text, usage, finish_reason length at max_tokens', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'system', content: 'You are a test.' }, { role: 'user', content: 'Say something.' }],
      max_tokens: 12,
      seed: 7,
    });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices.length, 1);
    assert.equal(completion.choices[0].message.role, 'assistant');
    assert.equal(typeof completion.choices[0].message.content, 'string');
    assert.ok(completion.choices[0].message.content.length > 0, 'some text');
    assertUsage(completion.usage);
    assert.equal(completion.usage.completion_tokens, 12);
    assert.equal(completion.choices[0].finish_reason, 'length');
  });

  test('stream with include_usage: role first, deltas, one finish_reason, usage last', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Count to ten.' }],
      max_tokens: 20,
      seed: 3,
      temperature: 0.5,
      top_k: 20,
      stream: true,
      stream_options: { include_usage: true },
    });
    const folded = foldChunks(await drain(stream));
    assert.ok(folded.text.length > 0, 'streamed text');
    assert.equal(folded.finishReason, 'length');
    assert.equal(folded.usage.completion_tokens, 20);
    assert.ok(folded.chunks.filter((c) => c.choices[0]?.delta?.content).length > 3, 'token by token');
  });

  test('same seed, same answer', async () => {
    const ask = () => client.chat.completions.create({
      model, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 15, seed: 42,
    });
    const [a, b] = [await ask(), await ask()];
    assert.equal(a.choices[0].message.content, b.choices[0].message.content);
  });

  test('tools are refused with a 400 naming the parameter', async () => {
    await assert.rejects(
      client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
      }),
      (error) => error instanceof OpenAI.BadRequestError && error.param === 'tools',
    );
  });

  test('a prompt longer than the context is a 400 context_length_exceeded', async () => {
    await assert.rejects(
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'lorem ipsum '.repeat(3000) }] }),
      (error) => error instanceof OpenAI.BadRequestError && error.code === 'context_length_exceeded',
    );
  });
});
