/**
 * The hand-written accepting path of RequestEvent validation (validEvent) never disagrees with the
 * zod schema: whatever it accepts, zod accepts with the same output, key order included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestEventSchema } from '../src/model.js';
import { validEvent } from '../src/traffic/event.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(2_000, 50_000);

const number = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 700 }),
  fc.constantFrom(
    0,
    -0,
    599,
    600,
    1_000_000,
    1_000_001,
    86_400_000,
    86_400_001,
    4_102_444_800,
    4_102_444_801,
  ),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 1.5),
);
const anything = fc.oneof(
  number,
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.nat()),
);
const method = fc.oneof(
  fc.constantFrom('GET', 'get', 'Post', 'delete', 'optıons', 'PATCH ', 'TRACE', 'connect', 'FETCH', ''),
  fc.string({ maxLength: 8 }),
);
const url = fc.oneof(fc.constantFrom('', '/', '/api/x?y=1', 'x'.repeat(8192), 'x'.repeat(8193)), fc.string());

/** Mostly valid values, so that both paths get exercised; each field sometimes absent or odd. */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: valid, weight: 12 },
    { arbitrary: anything, weight: 1 },
    { arbitrary: number, weight: 1 },
  );
const candidate = fc
  .record(
    {
      url: field(fc.oneof(fc.constantFrom('/api/cart', 'https://x.test/a?b'), url)),
      method: field(fc.oneof({ arbitrary: fc.constantFrom('GET', 'post', 'Delete'), weight: 4 }, method)),
      status_code: field(fc.integer({ min: -1, max: 600 }).map((n) => (n % 7 === 0 ? n + 0.5 : n))),
      latency_ms: field(fc.oneof(fc.double({ min: -1, max: 86_400_001, noNaN: true }), fc.nat())),
      timestamp: field(fc.oneof(fc.double({ min: -1, max: 4_102_444_801, noNaN: true }), fc.nat())),
      error_count: field(fc.oneof(fc.integer({ min: -1, max: 1_000_001 }), fc.constant(undefined))),
      retry_count: field(fc.oneof(fc.integer({ min: -1, max: 1_000_001 }), fc.constant(undefined))),
      host: field(
        fc.oneof(
          fc.constantFrom('api.example.com', 'Api.Example.com:8443', '[::1]:80', '10.0.0.1', 'x'.repeat(301)),
          fc.constantFrom('https://a.test', 'a b', '', 'a.test:', 'a.test:123456', undefined),
          fc.string({ maxLength: 12 }),
        ),
      ),
      extra: anything,
    },
    { requiredKeys: ['url', 'method', 'status_code', 'latency_ms', 'timestamp'] },
  )
  .map((c) => {
    // `extra` (an unknown key) in a tenth of the candidates only.
    const { extra, ...rest } = c;
    return 'extra' in c && typeof extra === 'number' && extra > 0.9 ? c : rest;
  });

describe('validEvent', () => {
  it('accepts only what RequestEventSchema accepts, producing the same event', () => {
    let agreed = 0;
    fc.assert(
      fc.property(candidate, (c) => {
        const fast = validEvent(c);
        const zod = RequestEventSchema.safeParse(c);
        if (fast === undefined) return;
        agreed++;
        expect(zod.success).toBe(true);
        expect(Object.keys(fast)).toEqual(Object.keys(zod.data!));
        expect(fast).toStrictEqual(zod.data);
      }),
      options,
    );
    // The generator reaches the accepting path often enough for the comparison to mean something.
    expect(agreed).toBeGreaterThan(options.numRuns / 100);
  });

  it('takes the fast path for ordinary events', () => {
    const event = {
      url: '/api/cart',
      method: 'get',
      status_code: 200,
      latency_ms: 12.5,
      timestamp: 1_773_133_200.5,
    };
    expect(validEvent(event)).toStrictEqual(RequestEventSchema.parse(event));
    expect(validEvent({ ...event, error_count: 1, retry_count: 2 })).toStrictEqual({
      ...event,
      method: 'GET',
      error_count: 1,
      retry_count: 2,
    });
    expect(validEvent({ ...event, host: 'api.example.com:8443' })).toStrictEqual(
      RequestEventSchema.parse({ ...event, host: 'api.example.com:8443' }),
    );
  });
});
