/**
 * Bytes of an XML file to text, as an XML parser reads them (XML 1.0 appendix F): a byte-order mark says UTF-8 or
 * UTF-16 (big or little endian), UTF-16 without a mark is recognised by `<?` in two-byte form, otherwise the encoding
 * named in the XML declaration is used (ISO-8859-1, windows-1252, US-ASCII...) and UTF-8 when there is none. Micro
 * Integrator's parser (StAX) decodes configurations the same way, so a file saved as UTF-16 by an editor deploys.
 */
import { readFileSync } from 'node:fs';

const decoders = new Map<string, TextDecoder>();
function decoder(label: string): TextDecoder | undefined {
  let d = decoders.get(label);
  if (!d) {
    try {
      d = new TextDecoder(label);
    } catch {
      return undefined; // an encoding this runtime does not know
    }
    decoders.set(label, d);
  }
  return d;
}

/** The encoding named in an XML declaration at the start of `head` (read as single bytes), lower-cased. */
function declaredEncoding(head: string): string | undefined {
  const m = /^<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head);
  return m ? m[1].toLowerCase() : undefined;
}

/** Decodes the bytes of an XML file (see the module comment). Invalid sequences become U+FFFD, as for UTF-8. */
export function decodeXml(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xfe && b1 === 0xff) return decoder('utf-16be')!.decode(bytes);
  if (b0 === 0xff && b1 === 0xfe) return decoder('utf-16le')!.decode(bytes);
  if (b0 === 0x00 && b1 === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f)
    return decoder('utf-16be')!.decode(bytes);
  if (b0 === 0x3c && b1 === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00)
    return decoder('utf-16le')!.decode(bytes);
  if (b0 === 0x3c && b1 === 0x3f) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 200)).toString('latin1');
    const enc = declaredEncoding(head);
    if (enc && enc !== 'utf-8' && enc !== 'utf8' && !enc.startsWith('utf-16')) {
      const d = decoder(enc);
      if (d) return d.decode(bytes);
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/** Reads an XML file and decodes it as an XML parser would. */
export function readXmlFile(path: string): string {
  return decodeXml(readFileSync(path));
}
