// Client-side function tools: the model's tool calls come back to the client, which sends the results.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MODELS, TIMEOUT, TIME_TOOL, WEATHER_TOOL, client, drain, foldChunks } from './support.mjs';

const ASK = 'What is the weather in Paris?';

function assertWeatherCall(call) {
  assert.ok(call.id, 'tool call has an id');
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
}

/** The transcript after the tool calls: the assistant message as returned plus one result per call. */
function withResults(userContent, toolCalls, results) {
  return [
    { role: 'user', content: userContent },
    { role: 'assistant', content: null, tool_calls: toolCalls },
    ...toolCalls.map((call, i) => ({ role: 'tool', tool_call_id: call.id, content: results[i] })),
  ];
}

for (const model of MODELS) {
  describe(`client-side tools [${model}]`, { timeout: TIMEOUT }, () => {
    test('tool call round trip', async () => {
      const openai = client();
      const userContent = `${ASK}\ntool:get_weather {"city":"Paris"}`;
      const first = await openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: userContent }],
        tools: [WEATHER_TOOL],
      });
      const [choice] = first.choices;
      assert.equal(choice.finish_reason, 'tool_calls');
      assert.equal(choice.message.role, 'assistant');
      assert.equal(choice.message.tool_calls?.length, 1, JSON.stringify(choice.message));
      assertWeatherCall(choice.message.tool_calls[0]);

      const second = await openai.chat.completions.create({
        model,
        messages: [
          { role: 'user', content: userContent },
          choice.message,
          { role: 'tool', tool_call_id: choice.message.tool_calls[0].id, content: '18C sunny' },
        ],
        tools: [WEATHER_TOOL],
      });
      assert.equal(second.choices[0].finish_reason, 'stop');
      assert.match(second.choices[0].message.content, /18C sunny/);
    });

    test('streamed tool call round trip', async () => {
      const openai = client();
      const userContent = `${ASK}\ntool:get_weather {"city":"Paris"}`;
      const stream = await openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: userContent }],
        tools: [WEATHER_TOOL],
        stream: true,
        stream_options: { include_usage: true },
      });
      const folded = foldChunks(await drain(stream));
      assert.equal(folded.finishReason, 'tool_calls');
      assert.equal(folded.toolCalls.length, 1);
      assertWeatherCall(folded.toolCalls[0]);

      const answer = await openai.chat.completions.create({
        model,
        messages: withResults(userContent, folded.toolCalls, ['18C sunny']),
        tools: [WEATHER_TOOL],
        stream: true,
        stream_options: { include_usage: true },
      });
      const result = foldChunks(await drain(answer));
      assert.equal(result.finishReason, 'stop');
      assert.match(result.text, /18C sunny/);
    });

    test('SDK stream helper assembles the tool call', async () => {
      const runner = client().chat.completions.stream({
        model,
        messages: [{ role: 'user', content: `${ASK}\ntool:get_weather {"city":"Paris"}` }],
        tools: [WEATHER_TOOL],
      });
      const final = await runner.finalChatCompletion();
      assert.equal(final.choices[0].finish_reason, 'tool_calls');
      assert.equal(final.choices[0].message.tool_calls?.length, 1);
      assertWeatherCall(final.choices[0].message.tool_calls[0]);
    });

    test('parallel tool calls', async () => {
      const openai = client();
      const userContent = `Weather and time?\ntool:get_weather {"city":"Paris"}\ntool:get_time {"zone":"CET"}`;
      const first = await openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: userContent }],
        tools: [WEATHER_TOOL, TIME_TOOL],
      });
      const { message, finish_reason: finishReason } = first.choices[0];
      assert.equal(finishReason, 'tool_calls');
      assert.equal(message.tool_calls?.length, 2, JSON.stringify(message));
      assertWeatherCall(message.tool_calls[0]);
      assert.equal(message.tool_calls[1].function.name, 'get_time');
      assert.deepEqual(JSON.parse(message.tool_calls[1].function.arguments), { zone: 'CET' });
      assert.notEqual(message.tool_calls[0].id, message.tool_calls[1].id, 'tool call ids differ');

      const second = await openai.chat.completions.create({
        model,
        messages: withResults(userContent, message.tool_calls, ['18C sunny', '14:05']),
        tools: [WEATHER_TOOL, TIME_TOOL],
      });
      assert.match(second.choices[0].message.content, /18C sunny/);
      assert.match(second.choices[0].message.content, /14:05/);
    });

    test('streamed parallel tool calls have indexes 0 and 1', async () => {
      const stream = await client().chat.completions.create({
        model,
        messages: [{ role: 'user', content: `Both\ntool:get_weather {"city":"Paris"}\ntool:get_time {"zone":"CET"}` }],
        tools: [WEATHER_TOOL, TIME_TOOL],
        stream: true,
        stream_options: { include_usage: true },
      });
      const folded = foldChunks(await drain(stream));
      const indexes = new Set(folded.chunks.flatMap((c) => c.choices.flatMap((ch) => (ch.delta?.tool_calls ?? [])
        .map((t) => t.index))));
      assert.deepEqual([...indexes].sort(), [0, 1]);
      assert.equal(folded.finishReason, 'tool_calls');
      assertWeatherCall(folded.toolCalls[0]);
      assert.equal(folded.toolCalls[1].function.name, 'get_time');
      assert.deepEqual(JSON.parse(folded.toolCalls[1].function.arguments), { zone: 'CET' });
      assert.notEqual(folded.toolCalls[0].id, folded.toolCalls[1].id);
    });
  });
}
