// SM3 (GB/T 32905-2016) and SM2 signature verification (GB/T 32918-2016, curve sm2p256v1, SM3, the default user ID
// 1234567812345678) for browsers, which implement neither, with BigInt. Also the strict DER reading of an ECDSA/SM2
// signature and of an X.509 SubjectPublicKeyInfo that both need. Verification only: nothing here is secret, so
// nothing here needs to run in constant time.

const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const rotl = (x, n) => ((x << (n & 31)) | (x >>> ((32 - (n & 31)) & 31))) >>> 0;
const p0 = (x) => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x) => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;

function compress(v, block, at) {
  const w = new Uint32Array(68);
  for (let j = 0; j < 16; j++) {
    const i = at + 4 * j;
    w[j] = ((block[i] << 24) | (block[i + 1] << 16) | (block[i + 2] << 8) | block[i + 3]) >>> 0;
  }
  for (let j = 16; j < 68; j++) {
    w[j] = p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6];
  }
  let [a, b, c, d, e, f, g, h] = v;
  for (let j = 0; j < 64; j++) {
    const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
    const ss1 = rotl((rotl(a, 12) + e + rotl(t, j % 32)) >>> 0, 7);
    const ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = ((ff >>> 0) + d + ss2 + ((w[j] ^ w[j + 4]) >>> 0)) >>> 0;
    const tt2 = ((gg >>> 0) + h + ss1 + w[j]) >>> 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = p0(tt2);
  }
  return [a, b, c, d, e, f, g, h].map((x, i) => (x ^ v[i]) >>> 0);
}

/** SM3 of some bytes: 32 bytes. */
export function sm3(bytes) {
  const length = bytes.length;
  const padded = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
  padded.set(bytes);
  padded[length] = 0x80;
  const bits = BigInt(length) * 8n;
  for (let i = 0; i < 8; i++) padded[padded.length - 1 - i] = Number((bits >> BigInt(8 * i)) & 0xffn);
  let v = IV;
  for (let at = 0; at < padded.length; at += 64) v = compress(v, padded, at);
  const out = new Uint8Array(32);
  v.forEach((x, i) => {
    out[4 * i] = x >>> 24;
    out[4 * i + 1] = (x >>> 16) & 0xff;
    out[4 * i + 2] = (x >>> 8) & 0xff;
    out[4 * i + 3] = x & 0xff;
  });
  return out;
}

// ---- DER ----

/** Reads one DER element at `at`: {tag, start (of the contents), end}; throws unless its length is minimal. */
function element(der, at) {
  if (at + 2 > der.length) throw new Error('truncated DER');
  const tag = der[at];
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 2 || start + count > der.length || der[start] === 0) throw new Error('bad DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i];
    if (length < 0x80) throw new Error('non-minimal DER length');
    start += count;
  }
  if (start + length > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

/** The one element filling `der` from `at` to its end, with the expected tag. */
function only(der, tag, at = 0, end = der.length) {
  const e = element(der.subarray(0, end), at);
  if (e.tag !== tag || e.end !== end) throw new Error('unexpected DER');
  return e;
}

function positiveInteger(der, at) {
  const e = element(der, at);
  if (e.tag !== 0x02 || e.end === e.start) throw new Error('not a DER INTEGER');
  const first = der[e.start];
  if (first & 0x80) throw new Error('negative INTEGER');
  if (first === 0 && e.end - e.start > 1 && !(der[e.start + 1] & 0x80)) throw new Error('non-minimal INTEGER');
  let value = 0n;
  for (let i = e.start; i < e.end; i++) value = (value << 8n) | BigInt(der[i]);
  return { value, end: e.end };
}

/** A DER SEQUENCE { INTEGER r, INTEGER s } as {r, s} (BigInt), strictly: one encoding per signature. */
export function derSignature(der) {
  const sequence = only(der, 0x30);
  const r = positiveInteger(der, sequence.start);
  const s = positiveInteger(der, r.end);
  if (s.end !== sequence.end) throw new Error('trailing bytes in the signature');
  return { r: r.value, s: s.value };
}

const OID_EC_PUBLIC_KEY = '2a8648ce3d0201';
const hexOf = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * An X.509 SubjectPublicKeyInfo holding an uncompressed point on a named curve: {curve (the OID's content bytes in
 * hex), x, y} (BigInt). Throws for anything else.
 */
export function ecPublicKey(spki) {
  const info = only(spki, 0x30);
  const algorithm = element(spki, info.start);
  if (algorithm.tag !== 0x30) throw new Error('no AlgorithmIdentifier');
  const type = element(spki, algorithm.start);
  if (type.tag !== 0x06 || hexOf(spki.subarray(type.start, type.end)) !== OID_EC_PUBLIC_KEY) {
    throw new Error('not an EC public key');
  }
  const curve = only(spki, 0x06, type.end, algorithm.end);
  const bits = only(spki, 0x03, algorithm.end, info.end);
  const point = spki.subarray(bits.start, bits.end);
  if (point.length !== 66 || point[0] !== 0 || point[1] !== 0x04) throw new Error('not an uncompressed point');
  const number = (from) => BigInt(`0x${hexOf(point.subarray(from, from + 32))}`);
  return { curve: hexOf(spki.subarray(curve.start, curve.end)), x: number(2), y: number(34) };
}

// ---- sm2p256v1 ----

const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = P - 3n;
const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;
/** 1.2.156.10197.1.301, the curve's OID content bytes. */
const OID_SM2P256V1 = '2a811ccf5501822d';
const DEFAULT_ID = new TextEncoder().encode('1234567812345678');

const mod = (x, m = P) => {
  const r = x % m;
  return r < 0n ? r + m : r;
};
function power(base, exponent, m) {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}
const inverse = (x, m = P) => power(x, m - 2n, m);

// Points in Jacobian coordinates [X, Y, Z] (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity.
const INFINITY = [1n, 1n, 0n];

function double([x, y, z]) {
  if (z === 0n || y === 0n) return INFINITY;
  const yy = mod(y * y);
  const s = mod(4n * x * yy);
  const zz = mod(z * z);
  const m = mod(3n * x * x + A * zz * zz);
  const x3 = mod(m * m - 2n * s);
  return [x3, mod(m * (s - x3) - 8n * yy * yy), mod(2n * y * z)];
}

function add(p, q) {
  if (p[2] === 0n) return q;
  if (q[2] === 0n) return p;
  const z1z1 = mod(p[2] * p[2]);
  const z2z2 = mod(q[2] * q[2]);
  const u1 = mod(p[0] * z2z2);
  const u2 = mod(q[0] * z1z1);
  const s1 = mod(p[1] * q[2] * z2z2);
  const s2 = mod(q[1] * p[2] * z1z1);
  if (u1 === u2) return s1 === s2 ? double(p) : INFINITY;
  const h = mod(u2 - u1);
  const r = mod(s2 - s1);
  const hh = mod(h * h);
  const hhh = mod(h * hh);
  const v = mod(u1 * hh);
  const x3 = mod(r * r - hhh - 2n * v);
  return [x3, mod(r * (v - x3) - s1 * hhh), mod(p[2] * q[2] * h)];
}

/** a·P + b·Q in one pass over the bits (Shamir's trick). */
function twoMultiples(a, p, b, q) {
  const pq = add(p, q);
  let result = INFINITY;
  const bits = Math.max(a.toString(2).length, b.toString(2).length);
  for (let i = bits - 1; i >= 0; i--) {
    result = double(result);
    const i1 = (a >> BigInt(i)) & 1n;
    const i2 = (b >> BigInt(i)) & 1n;
    if (i1 && i2) result = add(result, pq);
    else if (i1) result = add(result, p);
    else if (i2) result = add(result, q);
  }
  return result;
}

const affineX = ([x, , z]) => mod(x * inverse(mod(z * z)));
const onCurve = (x, y) => x < P && y < P && mod(y * y) === mod(x * x * x + A * x + B);

const word = (n) => {
  const out = new Uint8Array(32);
  let v = n;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};
/** The bytes of several arrays one after the other. */
export const join = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** The SM2 public key in an X.509 SubjectPublicKeyInfo (id-ecPublicKey on sm2p256v1): {x, y}; throws otherwise. */
export function sm2PublicKey(spki) {
  const key = ecPublicKey(spki);
  if (key.curve !== OID_SM2P256V1) throw new Error('not an sm2p256v1 key');
  if (!onCurve(key.x, key.y)) throw new Error('the point is not on sm2p256v1');
  return { x: key.x, y: key.y };
}

/** Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), with ENTL the ID's length in bits (2 bytes). */
export function sm2Z(key, id = DEFAULT_ID) {
  const entl = Uint8Array.of((id.length * 8) >> 8, (id.length * 8) & 0xff);
  return sm3(join(entl, id, word(A), word(B), word(GX), word(GY), word(key.x), word(key.y)));
}

/**
 * Whether `signature` (DER r, s) is an SM2 signature of `message` under the key in `spki`, with SM3 and the default
 * user ID. False for any malformed input.
 */
export function sm2Verify(spki, message, signature) {
  let key;
  let r;
  let s;
  try {
    key = sm2PublicKey(spki);
    ({ r, s } = derSignature(signature));
  } catch (malformed) {
    return false;
  }
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const t = (r + s) % N;
  if (t === 0n) return false;
  const e = BigInt(`0x${hexOf(sm3(join(sm2Z(key), message)))}`);
  const point = twoMultiples(s, [GX, GY, 1n], t, [key.x, key.y, 1n]);
  if (point[2] === 0n) return false;
  return (e + affineX(point)) % N === r;
}
