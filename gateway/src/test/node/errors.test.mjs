// Errors come back in OpenAI's shape, so the SDK raises its typed errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { MODELS, TIMEOUT, client, drain } from './support.mjs';

function assertErrorBody(err) {
  assert.ok(err.error && typeof err.error === 'object', `error body present: ${err}`);
  assert.equal(typeof err.error.message, 'string', `error.message is a string: ${JSON.stringify(err.error)}`);
  assert.ok(err.error.message.length > 0);
  assert.equal(typeof err.type, 'string', `error.type is a string: ${JSON.stringify(err.error)}`);
  assert.ok(err.type.length > 0);
}

describe('errors', { timeout: TIMEOUT }, () => {
  test('unknown model gives NotFoundError 404 with code and type', async () => {
    await assert.rejects(
      client().chat.completions.create({
        model: 'no-such-model-toolgate',
        messages: [{ role: 'user', content: 'hi' }],
      }),
      (err) => {
        assert.ok(err instanceof OpenAI.NotFoundError, `NotFoundError expected, got ${err?.constructor?.name}: ${err}`);
        assert.equal(err.status, 404);
        assertErrorBody(err);
        assert.equal(typeof err.code, 'string', `error.code is a string: ${JSON.stringify(err.error)}`);
        assert.ok(err.code.length > 0);
        return true;
      },
    );
  });

  test('unknown model in a stream request also gives 404 before streaming', async () => {
    await assert.rejects(
      client().chat.completions.create({
        model: 'no-such-model-toolgate',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      }),
      (err) => {
        assert.ok(err instanceof OpenAI.NotFoundError, `NotFoundError expected, got ${err?.constructor?.name}: ${err}`);
        assertErrorBody(err);
        return true;
      },
    );
  });

  test('missing messages gives BadRequestError 400', async () => {
    await assert.rejects(
      client().chat.completions.create({ model: MODELS[0] }),
      (err) => {
        assert.ok(err instanceof OpenAI.BadRequestError, `BadRequestError expected, got ${err?.constructor?.name}: ${err}`);
        assert.equal(err.status, 400);
        assertErrorBody(err);
        return true;
      },
    );
  });

  for (const model of MODELS) {
    test(`upstream 500 becomes 502 [${model}]`, async () => {
      await assert.rejects(
        client().chat.completions.create({ model, messages: [{ role: 'user', content: 'error:500' }] }),
        (err) => {
          assert.ok(err instanceof OpenAI.APIError, `APIError expected, got ${err?.constructor?.name}: ${err}`);
          assert.equal(err.status, 502, `status 502 expected: ${err}`);
          assertErrorBody(err);
          return true;
        },
      );
    });

    test(`upstream failing mid-stream makes iteration throw [${model}]`, async () => {
      const stream = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'tokens:20\nfail-mid-stream' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const seen = [];
      await assert.rejects(
        (async () => {
          for await (const chunk of stream) {
            seen.push(chunk);
          }
        })(),
        (err) => {
          assert.ok(err instanceof OpenAI.APIError, `APIError from the error event expected, got ${err?.constructor?.name}: ${err}`);
          assert.ok(err.error && typeof err.error.message === 'string', `error event carries a message: ${JSON.stringify(err.error)}`);
          return true;
        },
      );
      assert.ok(!seen.some((c) => c.choices?.some((ch) => ch.finish_reason === 'stop')),
        'no normal finish before the error');
    });
  }
});
