export { DecodeError, DecodeResultBuilder, describeRejections } from './decode-result';
export type { DecodeResult } from './decode-result';
