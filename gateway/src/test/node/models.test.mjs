// models and embeddings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { EMBED_MODELS, MODELS, TIMEOUT, client } from './support.mjs';

describe('models', { timeout: TIMEOUT }, () => {
  test('models.list() includes the chat and embedding models', async () => {
    const ids = [];
    for await (const model of client().models.list()) {
      assert.equal(model.object, 'model');
      assert.equal(typeof model.id, 'string');
      assert.ok(Number.isInteger(model.created), `created is an integer: ${JSON.stringify(model)}`);
      assert.equal(typeof model.owned_by, 'string');
      ids.push(model.id);
    }
    for (const expected of [...MODELS, ...EMBED_MODELS]) {
      assert.ok(ids.includes(expected), `${expected} listed in ${JSON.stringify(ids)}`);
    }
    assert.equal(new Set(ids).size, ids.length, 'no duplicates');
  });

  for (const id of MODELS) {
    test(`models.retrieve(${id})`, async () => {
      const model = await client().models.retrieve(id);
      assert.equal(model.id, id);
      assert.equal(model.object, 'model');
      assert.ok(Number.isInteger(model.created));
      assert.equal(typeof model.owned_by, 'string');
    });
  }

  test('models.retrieve of an unknown model gives NotFoundError', async () => {
    await assert.rejects(client().models.retrieve('no-such-model-toolgate'),
      (err) => err instanceof OpenAI.NotFoundError && err.status === 404);
  });
});

function assertEmbeddings(response, model) {
  assert.equal(response.object, 'list');
  assert.equal(typeof response.model, 'string');
  assert.equal(response.data.length, 2);
  response.data.forEach((item, i) => {
    assert.equal(item.object, 'embedding');
    assert.equal(item.index, i);
    assert.ok(Array.isArray(item.embedding), `embedding ${i} of ${model} is an array of numbers`);
    assert.ok(item.embedding.length > 0);
    assert.ok(item.embedding.every((x) => typeof x === 'number' && Number.isFinite(x)), 'finite numbers');
  });
  assert.equal(response.data[0].embedding.length, response.data[1].embedding.length, 'equal dimensions');
  assert.ok(Number.isInteger(response.usage?.prompt_tokens), `usage.prompt_tokens: ${JSON.stringify(response.usage)}`);
  assert.ok(Number.isInteger(response.usage?.total_tokens));
}

for (const model of EMBED_MODELS) {
  describe(`embeddings [${model}]`, { timeout: TIMEOUT }, () => {
    test('default (the SDK asks for base64 and decodes it)', async () => {
      const response = await client().embeddings.create({ model, input: ['a', 'b'] });
      assertEmbeddings(response, model);
    });

    test('encoding_format float', async () => {
      const response = await client().embeddings.create({ model, input: ['a', 'b'], encoding_format: 'float' });
      assertEmbeddings(response, model);
    });

    test('base64 and float give the same vectors', async () => {
      const openai = client();
      const [b64, floats] = await Promise.all([
        openai.embeddings.create({ model, input: ['a', 'b'] }),
        openai.embeddings.create({ model, input: ['a', 'b'], encoding_format: 'float' }),
      ]);
      for (let i = 0; i < 2; i++) {
        const x = b64.data[i].embedding;
        const y = floats.data[i].embedding;
        assert.equal(x.length, y.length);
        // base64 carries float32: equal to float32 precision
        x.forEach((v, j) => assert.ok(Math.abs(v - y[j]) <= 1e-6 * Math.max(1, Math.abs(y[j])), `component ${j}: ${v} vs ${y[j]}`));
      }
    });
  });
}
