// The Files API through the official SDK: files.create / list / retrieve / content / delete, cursor
// pagination, a 404 after deletion, and an uploaded file attached to a chat message as a file part.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toFile, NotFoundError, BadRequestError } from 'openai';
import { MODELS, TIMEOUT, client } from './support.mjs';

describe('files', { timeout: TIMEOUT }, () => {
  test('create, list, retrieve, content, delete', async () => {
    const openai = client();
    const body = 'name,qty\napples,3\npears,5\n';
    const created = await openai.files.create({
      file: await toFile(Buffer.from(body), 'stock.csv', { type: 'text/csv' }),
      purpose: 'assistants',
    });
    assert.match(created.id, /^file-/);
    assert.equal(created.object, 'file');
    assert.equal(created.bytes, Buffer.byteLength(body));
    assert.equal(created.filename, 'stock.csv');
    assert.equal(created.purpose, 'assistants');
    assert.equal(created.status, 'processed');
    assert.ok(Number.isInteger(created.created_at));

    const listed = [];
    for await (const file of openai.files.list({ purpose: 'assistants' })) {
      listed.push(file.id);
    }
    assert.ok(listed.includes(created.id), `listed: ${listed}`);

    const retrieved = await openai.files.retrieve(created.id);
    assert.deepEqual(retrieved, created);

    const content = await openai.files.content(created.id);
    assert.equal(await content.text(), body);

    const deleted = await openai.files.delete(created.id);
    assert.deepEqual(deleted, { id: created.id, object: 'file', deleted: true });
    await assert.rejects(openai.files.retrieve(created.id), NotFoundError);
    await assert.rejects(openai.files.content(created.id), NotFoundError);
  });

  test('pages through the list with limit and after', async () => {
    const openai = client();
    const ids = [];
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      ids.push((await openai.files.create({ file: await toFile(Buffer.from(name), name), purpose: 'batch' })).id);
    }
    const first = await openai.files.list({ purpose: 'batch', limit: 2, order: 'asc' });
    assert.equal(first.data.length, 2);
    assert.ok(first.hasNextPage());
    const all = [];
    for await (const file of openai.files.list({ purpose: 'batch', limit: 2, order: 'asc' })) {
      all.push(file.id);
    }
    assert.deepEqual(all.filter((id) => ids.includes(id)), ids);
    for (const id of ids) {
      await openai.files.delete(id);
    }
  });

  test('refuses an upload without a valid purpose', async () => {
    const openai = client();
    await assert.rejects(
      openai.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'homework' }),
      (error) => error instanceof BadRequestError && error.param === 'purpose',
    );
  });

  for (const model of MODELS) {
    test(`an uploaded file attached to a chat message (${model})`, async () => {
      const openai = client();
      const file = await openai.files.create({
        file: await toFile(Buffer.from('{"city":"Lisbon","days":[1,2,3]}'), 'trip.json'),
        purpose: 'user_data',
      });
      const completion = await openai.chat.completions.create({
        model,
        messages: [{
          role: 'user',
          content: [{ type: 'text', text: 'echo' }, { type: 'file', file: { file_id: file.id } }],
        }],
      });
      // The fake model's `echo` answers with the request it received: the file arrived as text.
      const seen = completion.choices[0].message.content;
      assert.match(seen, /trip\.json/);
      assert.match(seen, /city: string, e\.g\. \\"Lisbon\\"/);
      assert.match(seen, /days: array of 3 items/);
      assert.doesNotMatch(seen, /file_id/);
      await openai.files.delete(file.id);
    });
  }
});
