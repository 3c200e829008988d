/**
 * Server-sent events (the WHATWG event-stream format) from text chunks as they arrive: fields may
 * be split across chunks, lines end in LF, CR or CRLF, comment lines (heartbeats) are skipped. An
 * event is dispatched only at its blank line, so an event cut off by a dropped connection is never
 * seen, and `lastEventId` is the id of the last complete event: what a resume must send.
 */
export interface SseEvent {
  readonly type: string;
  readonly data: string;
  readonly id: string | undefined;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private type = '';
  private pendingId: string | undefined;
  private skipLeadingLf = false;
  /** The id of the last complete event (or one set by an id line the server sent alone). */
  lastEventId: string | undefined;
  /** The server's `retry:` advice in ms, if it sent one. */
  retryMs: number | undefined;

  constructor(lastEventId?: string) {
    this.lastEventId = lastEventId;
  }

  feed(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = this.buffer + chunk;
    if (this.skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
    this.skipLeadingLf = false;
    let start = 0;
    for (;;) {
      const cr = text.indexOf('\r', start);
      const lf = text.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      this.line(text.slice(start, end), events);
      start = end + 1;
      if (text.charAt(end) === '\r') {
        if (start === text.length) this.skipLeadingLf = true;
        else if (text.charAt(start) === '\n') start++;
      }
    }
    this.buffer = text.slice(start);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.pendingId !== undefined) this.lastEventId = this.pendingId;
      if (this.data.length > 0) events.push({ type: this.type === '' ? 'message' : this.type, data: this.data.join('\n'), id: this.lastEventId });
      this.data = [];
      this.type = '';
      this.pendingId = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.pendingId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }
}
