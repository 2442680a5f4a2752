// Prints ThumbHash test vectors from the reference implementation (npm thumbhash) for synthetic RGBA
// images. tests/PiVault.Tests/Native/ThumbHashTests.cs builds the same images and expects these strings.
//   node bench/thumbnails/thumbhash-vectors.mjs
import { rgbaToThumbHash } from 'thumbhash';

const images = {
  gradient: [32, 24, (x, y) => [Math.floor(x * 255 / 31), Math.floor(y * 255 / 23), 128, 255]],
  portraitWithAlpha: [20, 30, (x, y) => [200, (x * 7 + y * 3) % 256, 50, (x + y) % 2 === 0 ? 255 : (x * 12) % 256]],
  blocks: [100, 100, (x, y) => { const v = ((Math.floor(x / 10) + Math.floor(y / 10)) % 2) * 255; return [v, v, 255 - v, 255]; }],
  wideStrip: [7, 3, (x, y) => [x * 36, 255 - y * 80, (x * y * 40) % 256, 255]],
};

for (const [name, [w, h, pixel]] of Object.entries(images)) {
  const rgba = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set(pixel(x, y), (y * w + x) * 4);
  console.log(`${name}\t${Buffer.from(rgbaToThumbHash(w, h, rgba)).toString('base64')}`);
}
