// The official openai SDK against the gateway's /v1/files and /v1/vector_stores (run by VectorStoresSdkTest with
// TOOLGATE_BASE_URL, TOOLGATE_API_KEY and two documents made by the test: TOOLGATE_PDF_PATH, TOOLGATE_DOCX_PATH).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import OpenAI from 'openai';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is not set (VectorStoresSdkTest sets it)`);
  }
  return value;
}

const client = new OpenAI({ baseURL: required('TOOLGATE_BASE_URL'), apiKey: required('TOOLGATE_API_KEY'),
  maxRetries: 0, timeout: 60_000 });
const PDF_PATH = required('TOOLGATE_PDF_PATH');
const DOCX_PATH = required('TOOLGATE_DOCX_PATH');
let PDF;
let DOCX;

describe('vector stores with the official SDK', { timeout: 120_000 }, () => {
  before(async () => {
    // uploaded as any client would, through the Files API
    PDF = (await client.files.create({ file: fs.createReadStream(PDF_PATH), purpose: 'assistants' })).id;
    DOCX = (await client.files.create({ file: fs.createReadStream(DOCX_PATH), purpose: 'assistants' })).id;
  });

  test('create, add files and poll, search with filters, list, update, delete', async () => {
    const store = await client.vectorStores.create({ name: 'sdk-station', metadata: { source: 'sdk' } });
    assert.match(store.id, /^vs_/);
    assert.equal(store.object, 'vector_store');
    assert.equal(store.name, 'sdk-station');
    assert.deepEqual(store.metadata, { source: 'sdk' });
    assert.equal(store.file_counts.total, 0);

    const pdf = await client.vectorStores.files.createAndPoll(store.id,
      { file_id: PDF, attributes: { kind: 'manual' } }, { pollIntervalMs: 200 });
    assert.equal(pdf.status, 'completed', JSON.stringify(pdf));
    assert.equal(pdf.id, PDF);
    assert.equal(pdf.vector_store_id, store.id);
    assert.equal(pdf.last_error, null);
    const docx = await client.vectorStores.files.createAndPoll(store.id, { file_id: DOCX, attributes: { kind: 'rules' } });
    assert.equal(docx.status, 'completed', JSON.stringify(docx));

    const retrieved = await client.vectorStores.files.retrieve(PDF, { vector_store_id: store.id });
    assert.equal(retrieved.status, 'completed');
    assert.deepEqual(retrieved.attributes, { kind: 'manual' });

    const files = [];
    for await (const file of client.vectorStores.files.list(store.id, { limit: 1 })) {
      files.push(file.id);
    }
    assert.deepEqual(files.sort(), [PDF, DOCX].sort(), 'auto-pagination with limit 1 visits both files');

    const hits = [];
    for await (const hit of client.vectorStores.search(store.id,
      { query: 'How is the emergency generator started?', max_num_results: 2 })) {
      hits.push(hit);
    }
    assert.equal(hits.length, 2);
    assert.equal(hits[0].file_id, PDF);
    assert.equal(hits[0].filename, 'handbook.pdf');
    assert.match(hits[0].content[0].text, /7391/);
    assert.ok(hits[0].score > 0 && hits[0].score <= 1, `score in (0, 1]: ${hits[0].score}`);

    const page = await client.vectorStores.search(store.id, {
      query: 'emergency generator',
      filters: { type: 'eq', key: 'kind', value: 'rules' },
    });
    assert.ok(page.data.length > 0);
    for (const hit of page.data) {
      assert.equal(hit.file_id, DOCX, 'the filter keeps only the rules');
    }

    const updated = await client.vectorStores.update(store.id, { name: 'sdk-station-2' });
    assert.equal(updated.name, 'sdk-station-2');
    const fetched = await client.vectorStores.retrieve(store.id);
    assert.equal(fetched.file_counts.completed, 2);
    assert.equal(fetched.status, 'completed');

    const listed = [];
    for await (const s of client.vectorStores.list({ limit: 1 })) {
      listed.push(s.id);
    }
    assert.ok(listed.includes(store.id), 'the store is listed');

    const removed = await client.vectorStores.files.delete(DOCX, { vector_store_id: store.id });
    assert.equal(removed.deleted, true);
    assert.equal(removed.object, 'vector_store.file.deleted');

    const deleted = await client.vectorStores.delete(store.id);
    assert.deepEqual(deleted, { id: store.id, object: 'vector_store.deleted', deleted: true });
    await assert.rejects(client.vectorStores.retrieve(store.id), (error) => {
      assert.ok(error instanceof OpenAI.NotFoundError, `NotFoundError: ${error}`);
      return true;
    });
  });

  test('uploadAndPoll: a file uploaded and indexed in one call', async () => {
    const store = await client.vectorStores.create({ name: 'sdk-upload' });
    try {
      const file = await client.vectorStores.files.uploadAndPoll(store.id, fs.createReadStream(DOCX_PATH),
        { pollIntervalMs: 200 });
      assert.equal(file.status, 'completed', JSON.stringify(file));
      const uploaded = await client.files.retrieve(file.id);
      assert.equal(uploaded.filename, 'garden.docx');
      const page = await client.vectorStores.search(store.id, { query: 'Where is the greenhouse key?', max_num_results: 1 });
      assert.equal(page.data[0].filename, 'garden.docx');
      assert.match(page.data[0].content[0].text, /blue cabinet/);
    } finally {
      await client.vectorStores.delete(store.id);
    }
  });

  test('errors arrive as the SDK\'s typed errors', async () => {
    const store = await client.vectorStores.create({ name: 'sdk-errors' });
    try {
      await assert.rejects(client.vectorStores.search(store.id, { query: 'x', rewrite_query: true }), (error) => {
        assert.ok(error instanceof OpenAI.BadRequestError, `BadRequestError: ${error}`);
        assert.equal(error.param, 'rewrite_query');
        return true;
      });
      await assert.rejects(client.vectorStores.files.create(store.id, { file_id: 'file-does-not-exist' }),
        (error) => error instanceof OpenAI.NotFoundError);
      await assert.rejects(client.vectorStores.create({ name: 'sdk-errors' }),
        (error) => error instanceof OpenAI.ConflictError);
    } finally {
      await client.vectorStores.delete(store.id);
    }
  });
});
