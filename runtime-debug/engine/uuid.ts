/**
 * Random (version 4) UUIDs for the id the HTTP transport gives every request that comes without one (activityid,
 * SourceHandler.setCorrelationId). The same bytes as crypto.randomUUID (the CSPRNG, version and variant bits), made
 * 256 at a time into one string that each id is a slice of: crypto.randomUUID builds each id from 20 string pieces,
 * garbage on every request.
 */
import { randomFillSync } from 'node:crypto';

const BATCH = 256;
const random = Buffer.allocUnsafeSlow(16 * BATCH);
const text = Buffer.allocUnsafeSlow(36 * BATCH);
const HEX = Buffer.from('0123456789abcdef', 'latin1');
let batch = '';
let next = BATCH;

function refill(): void {
  randomFillSync(random);
  let t = 0;
  for (let r = 0; r < random.length; r += 16) {
    random[r + 6] = (random[r + 6]! & 0x0f) | 0x40;
    random[r + 8] = (random[r + 8]! & 0x3f) | 0x80;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) text[t++] = 45; // '-'
      const b = random[r + i]!;
      text[t++] = HEX[b >> 4]!;
      text[t++] = HEX[b & 15]!;
    }
  }
  batch = text.toString('latin1');
  next = 0;
}

/** A random UUID, as crypto.randomUUID() writes it (lower-case hex, 36 characters). */
export function randomUuid(): string {
  if (next === BATCH) refill();
  const at = next++ * 36;
  return batch.slice(at, at + 36);
}
