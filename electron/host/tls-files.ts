import fs from 'node:fs';
import tls from 'node:tls';

/** A certificate chain and its private key, PEM, as node:https takes them. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * Reads --tls-cert and --tls-key and checks that they make a usable pair before the host starts,
 * so a wrong path, a file that is not PEM or a key of another certificate is one clear line at
 * start rather than failed handshakes in a browser on the wall.
 */
export function readTlsFiles(certPath: string, keyPath: string): TlsFiles {
  const read = (file: string, what: string): Buffer => {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const files = { cert: read(certPath, 'certificate'), key: read(keyPath, 'key') };
  try {
    tls.createSecureContext(files);
  } catch (error) {
    throw new Error(`the TLS certificate ${certPath} and key ${keyPath} do not make a usable pair (PEM, the key of that certificate): ${error instanceof Error ? error.message : String(error)}`);
  }
  return files;
}
