export {
  NORMALIZER_VERSION,
  MAX_SIGNATURE_LENGTH,
  PLACEHOLDER_TYPES,
  type PlaceholderType,
  type NormalizeOptions,
  normalizeLine,
  applyMasks,
  isGenericSignature,
  rehydrateSignature,
} from './normalize.js';
export { fingerprintOf, clusterIdOf, fingerprintVersion } from './fingerprint.js';
