import { generateKeyPairSync } from 'node:crypto';
import { it } from 'vitest';
import { createPolicyArtifact } from '../src/index.js';
import { publicKeyOf, serializeSignedArtifact, signArtifact, verifySignedArtifactText } from '../src/trust/index.js';
import { seedPolicy } from './support/seed-policy.js';
it('x', () => {
  const key = generateKeyPairSync('ed25519').privateKey;
  const S = serializeSignedArtifact(signArtifact(createPolicyArtifact(seedPolicy('1.4.0'), {}), key));
  for (const d of [5000, 20000]) {
    const deep = S.replace(/"policy":\{/, `"policy":{"x":${'['.repeat(d)}${']'.repeat(d)},`);
    console.log(d, verifySignedArtifactText(deep, [publicKeyOf(key)], { threshold: 1, now: new Date() }).reason?.slice(0, 200));
  }
});
