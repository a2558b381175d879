// Reads a QR code back from PNG bytes (pngjs decodes, jsQR reads the code).
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export function decodePngQr(bytes) {
  const png = PNG.sync.read(Buffer.from(bytes));
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!code) throw new Error(`no QR code found in the ${png.width}x${png.height} PNG`);
  return code.data;
}
