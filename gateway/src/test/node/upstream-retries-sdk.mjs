// The official openai SDK (default maxRetries: 2) against a gateway whose only upstream for the model
// rate-limits every call. Run by UpstreamRecoveryTest, which counts the upstream calls: the SDK's retries
// must not be multiplied by the gateway's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.TOOLGATE_BASE_URL, apiKey: process.env.TOOLGATE_API_KEY, timeout: 20_000 });
const model = process.env.TOOLGATE_MODEL;

test('a rate-limited request: the SDK retries, gets 429 with Retry-After and rate_limit_exceeded', { timeout: 30_000 }, async () => {
  await assert.rejects(
    client.chat.completions.create({ model, messages: [{ role: 'user', content: 'error:429' }] }),
    (err) => {
      assert.ok(err instanceof OpenAI.RateLimitError, `RateLimitError expected, got ${err?.constructor?.name}: ${err}`);
      assert.equal(err.status, 429);
      assert.equal(err.code, 'rate_limit_exceeded');
      assert.equal(err.headers.get('retry-after'), '1');
      return true;
    },
  );
});
