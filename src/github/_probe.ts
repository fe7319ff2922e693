import * as core from '@actions/core';
import { canonicalJson } from '../canonical.js';
await Promise.resolve();
core.info(canonicalJson({ b: 1, a: 2 }));
