/**
 * The few protobuf wire types a glyph range needs (varint, zigzag sint32, length-delimited), so the
 * build writes MapLibre's glyphs.proto without a protobuf compiler.
 */
export class ProtobufWriter {
  private readonly bytes: number[] = [];

  private varint(value: number): void {
    let v = value;
    while (v > 0x7f) {
      this.bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }

  private tag(field: number, wireType: 0 | 2): void {
    this.varint(field * 8 + wireType);
  }

  uint32(field: number, value: number): this {
    if (!Number.isInteger(value) || value < 0) throw new Error(`protobuf field ${field}: ${value} is not a uint32`);
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  sint32(field: number, value: number): this {
    if (!Number.isInteger(value)) throw new Error(`protobuf field ${field}: ${value} is not an integer`);
    this.tag(field, 0);
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    for (const b of value) this.bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtobufWriter): this {
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
