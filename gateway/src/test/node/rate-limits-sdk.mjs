// The official openai SDK meets the gateway's rate limits (run by RateLimitSdkRetryTest with TOOLGATE_BASE_URL,
// TOOLGATE_API_KEY: a key with 4 requests per minute, TOOLGATE_ADMIN_KEY, TOOLGATE_OTHER_MODEL: a model without
// limits, TOOLGATE_LIMITED_MODEL: a model limited to 2 requests per minute by configuration).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set (RateLimitSdkRetryTest sets it)`);
  }
  return value;
}

const BASE_URL = required('TOOLGATE_BASE_URL');
const KEY = required('TOOLGATE_API_KEY');
const ADMIN_KEY = required('TOOLGATE_ADMIN_KEY');
const OTHER_MODEL = required('TOOLGATE_OTHER_MODEL');
const LIMITED_MODEL = required('TOOLGATE_LIMITED_MODEL');

async function chat(key, model) {
  return fetch(`${BASE_URL}/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'text:hi' }] }),
  });
}

/** Sends requests until one is refused; how many were let through. */
async function drain(key, model) {
  for (let allowed = 0; allowed < 100; allowed++) {
    const response = await chat(key, model);
    await response.text();
    if (response.status === 429) {
      return allowed;
    }
    assert.equal(response.status, 200);
  }
  throw new Error(`never refused: ${model}`);
}

test('the SDK retries a 429 twice, each time after the retry-after-ms the gateway sent', { timeout: 120_000 }, async () => {
  // The key's minute (4, one back every 15 s) and then the model's (2, one back every 30 s) are used up.
  assert.ok(await drain(KEY, OTHER_MODEL) >= 4);
  assert.ok(await drain(ADMIN_KEY, LIMITED_MODEL) >= 2);

  const attempts = [];
  const client = new OpenAI({
    baseURL: BASE_URL, apiKey: KEY, maxRetries: 2, timeout: 60_000,
    fetch: async (url, init) => {
      const at = performance.now();
      const response = await fetch(url, init);
      attempts.push({
        at, status: response.status,
        retryAfterMs: Number(response.headers.get('retry-after-ms')),
        retryAfter: Number(response.headers.get('retry-after')),
        remaining: response.headers.get('x-ratelimit-remaining-requests'),
      });
      return response;
    },
  });
  const completion = await client.chat.completions.create({ model: LIMITED_MODEL,
    messages: [{ role: 'user', content: 'text:made it' }] });
  console.log(JSON.stringify(attempts));

  assert.equal(completion.choices[0].message.content, 'made it');
  // First refused by the key's limit, then (the key has one again) by the model's, then let through.
  assert.deepEqual(attempts.map((a) => a.status), [429, 429, 200]);
  for (let i = 0; i < 2; i++) {
    const refused = attempts[i];
    assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 30_000, JSON.stringify(refused));
    assert.equal(refused.retryAfter, Math.ceil(refused.retryAfterMs / 1000));
    assert.equal(refused.remaining, '0');
    // The SDK waited at least what the gateway asked for (it prefers retry-after-ms).
    const waited = attempts[i + 1].at - refused.at;
    assert.ok(waited >= refused.retryAfterMs, `attempt ${i + 2} came after ${waited} ms, asked ${refused.retryAfterMs}`);
  }
});
