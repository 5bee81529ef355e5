export { NORMALIZER_VERSION, MAX_SIGNATURE_LENGTH, normalizeLine } from './normalize.js';
export { fingerprintOf, clusterIdOf } from './fingerprint.js';
