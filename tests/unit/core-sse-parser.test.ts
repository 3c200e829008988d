import { describe, expect, it } from 'vitest';
import { SseParser } from '../../electron/core/cargo/sse-parser.js';

describe('event-stream parser (cargo stream)', () => {
  it('dispatches an event only at its blank line, whatever the chunking and line endings', () => {
    const text = 'retry: 2000\r\n\r\n: heartbeat\n\nid: a-1\nevent: position\ndata: {"x":1}\n\nid: a-2\r\nevent: position\rdata: {"x":\ndata: 2}\r\n\r\n';
    for (const size of [1, 2, 5, 1000]) {
      const parser = new SseParser();
      const events = [];
      for (let k = 0; k < text.length; k += size) events.push(...parser.feed(text.slice(k, k + size)));
      expect(events).toEqual([
        { type: 'position', data: '{"x":1}', id: 'a-1' },
        { type: 'position', data: '{"x":\n2}', id: 'a-2' },
      ]);
      expect(parser.lastEventId).toBe('a-2');
      expect(parser.retryMs).toBe(2000);
    }
  });

  it('drops an event cut off before its blank line, so the resume id is the last complete one', () => {
    const parser = new SseParser('a-0');
    expect(parser.feed('id: a-1\nevent: position\ndata: {}\n\nid: cut\nevent: position\ndata: {"eventId":')).toHaveLength(1);
    expect(parser.lastEventId).toBe('a-1');
  });
});
