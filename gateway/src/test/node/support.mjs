// Shared set-up for the conformance tests: the gateway under test and the models it routes.
import assert from 'node:assert/strict';
import OpenAI from 'openai';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set (OpenAiSdkConformanceTest sets it)`);
  }
  return value;
}

export const BASE_URL = required('TOOLGATE_BASE_URL');
export const API_KEY = process.env.TOOLGATE_API_KEY || 'toolgate-test-key';

/** Chat models: one behind an Ollama-protocol fake upstream, one behind an OpenAI-protocol one. */
export const MODELS = [required('TOOLGATE_MODEL'), required('TOOLGATE_OPENAI_MODEL')];

/** Embedding models (the OpenAI-protocol one is optional). */
export const EMBED_MODELS = [required('TOOLGATE_EMBED_MODEL'), process.env.TOOLGATE_OPENAI_EMBED_MODEL]
  .filter(Boolean);

/** Per-test time limit (ms). */
export const TIMEOUT = 15_000;

export function client(options = {}) {
  return new OpenAI({ baseURL: BASE_URL, apiKey: API_KEY, maxRetries: 0, timeout: 10_000, ...options });
}

export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

export const TIME_TOOL = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Current time in a time zone',
    parameters: { type: 'object', properties: { zone: { type: 'string' } } },
  },
};

/** Reads a stream to the end, returning all chunks. */
export async function drain(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  return chunks;
}

export function assertUsage(usage) {
  assert.ok(usage, 'usage is present');
  assert.ok(Number.isInteger(usage.prompt_tokens) && usage.prompt_tokens > 0, `prompt_tokens > 0: ${JSON.stringify(usage)}`);
  assert.ok(Number.isInteger(usage.completion_tokens) && usage.completion_tokens > 0,
    `completion_tokens > 0: ${JSON.stringify(usage)}`);
  assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens, 'total = prompt + completion');
}

/**
 * Checks the chunk sequence of a streamed chat completion and folds it into
 * { text, finishReason, toolCalls, usage, chunks }.
 * Tool-call deltas: the first fragment of each index carries id, type and function.name, later
 * ones only pieces of function.arguments.
 */
export function foldChunks(chunks, { includeUsage = true } = {}) {
  assert.ok(chunks.length > 0, 'the stream has chunks');
  const id = chunks[0].id;
  assert.match(id, /^chatcmpl-/, 'chunk id starts with chatcmpl-');
  let text = '';
  let role;
  const finishReasons = [];
  const toolCalls = [];
  for (const chunk of chunks) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.id, id, 'every chunk has the same id');
    assert.ok(Array.isArray(chunk.choices), 'choices is an array');
    for (const choice of chunk.choices) {
      assert.equal(choice.index, 0);
      const delta = choice.delta ?? {};
      if (role === undefined && delta.role !== undefined) {
        role = delta.role;
      }
      if (typeof delta.content === 'string') {
        text += delta.content;
      }
      for (const fragment of delta.tool_calls ?? []) {
        assert.ok(Number.isInteger(fragment.index), `tool-call delta has an index: ${JSON.stringify(fragment)}`);
        const call = toolCalls[fragment.index];
        if (call === undefined) {
          assert.ok(fragment.id, `first fragment of tool call ${fragment.index} has an id`);
          assert.equal(fragment.type, 'function', 'first fragment has type function');
          assert.ok(fragment.function?.name, 'first fragment has the function name');
          toolCalls[fragment.index] = {
            id: fragment.id,
            type: fragment.type,
            function: { name: fragment.function.name, arguments: fragment.function.arguments ?? '' },
          };
        } else {
          if (fragment.id !== undefined && fragment.id !== null) {
            assert.equal(fragment.id, call.id, 'later fragments do not change the id');
          }
          call.function.arguments += fragment.function?.arguments ?? '';
        }
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        finishReasons.push(choice.finish_reason);
      }
    }
  }
  const firstWithChoice = chunks.find((c) => c.choices.length > 0);
  assert.ok(firstWithChoice, 'some chunk has a choice');
  assert.equal(firstWithChoice.choices[0].delta?.role, 'assistant', 'the first delta has role assistant');
  assert.equal(finishReasons.length, 1, `exactly one chunk has a finish_reason: ${JSON.stringify(finishReasons)}`);
  let usage;
  if (includeUsage) {
    const last = chunks[chunks.length - 1];
    assert.deepEqual(last.choices, [], 'the last chunk (usage) has choices: []');
    assertUsage(last.usage);
    usage = last.usage;
    for (const chunk of chunks.slice(0, -1)) {
      assert.ok(chunk.usage === undefined || chunk.usage === null, 'only the last chunk carries usage');
    }
  }
  assert.equal(toolCalls.filter((c) => c === undefined).length, 0, 'tool-call indexes have no gaps');
  return { text, role, finishReason: finishReasons[0], toolCalls, usage, chunks };
}
